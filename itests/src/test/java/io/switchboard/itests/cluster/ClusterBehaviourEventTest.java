package io.switchboard.itests.cluster;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.cluster.behaviour.ClusterBehaviourClass;
import io.switchboard.itests.cluster.behaviour.ClusterBehaviourKnownBugs;
import io.switchboard.mesh.suite.EventBehaviour;
import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;

/**
 * The mesh's event suite, unchanged, on a cluster of three real runtime processes (issue 12 item
 * 9): each test's components are bundles dropped into the nodes' deploy/, its handles are reached
 * over the nodes' edge, and their event handlers run in this JVM while the node waits for them
 * (ClusterBehaviourHandlers). One cluster serves the whole class. What a cluster cannot do by
 * nature is skipped by the suite itself (MeshFixture.can); bugs it found elsewhere are listed in
 * {@link ClusterBehaviourKnownBugs}.
 */
@ExtendWith(ClusterBehaviourKnownBugs.class)
class ClusterBehaviourEventTest extends EventBehaviour {

    @RegisterExtension
    static final ClusterBehaviourClass CLUSTER = new ClusterBehaviourClass("events");

    @Override
    protected MeshFixture create(MeshConfig config) {
        return CLUSTER.fixture(config);
    }
}
