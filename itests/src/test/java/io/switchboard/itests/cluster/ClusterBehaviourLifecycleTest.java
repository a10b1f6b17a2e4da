package io.switchboard.itests.cluster;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.cluster.behaviour.ClusterBehaviourClass;
import io.switchboard.itests.cluster.behaviour.ClusterBehaviourKnownBugs;
import io.switchboard.mesh.suite.LifecycleBehaviour;
import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;

/**
 * The mesh's lifecycle suite, unchanged, on a cluster of three real runtime processes (issue 12 item
 * 9): each test's components are bundles dropped into the nodes' deploy/ and stopped by deleting
 * them; an update in place is the bundle stopped, then updated from the new jar and started
 * (ClusterBehaviourOperator); its handles are reached over the nodes' edge, and a description
 * listener is a WebSocket session watching the description. One cluster serves the whole class.
 * What a cluster cannot do by nature is skipped by the suite itself (MeshFixture.can); bugs it
 * found elsewhere are listed in {@link ClusterBehaviourKnownBugs}.
 */
@ExtendWith(ClusterBehaviourKnownBugs.class)
class ClusterBehaviourLifecycleTest extends LifecycleBehaviour {

    @RegisterExtension
    static final ClusterBehaviourClass CLUSTER = new ClusterBehaviourClass("lifecycle");

    @Override
    protected MeshFixture create(MeshConfig config) {
        return CLUSTER.fixture(config);
    }
}
