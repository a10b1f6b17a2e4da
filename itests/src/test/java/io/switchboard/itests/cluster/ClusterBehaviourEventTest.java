package io.switchboard.itests.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import io.switchboard.itests.cluster.behaviour.ClusterBehaviourCluster;
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

    private static ClusterBehaviourCluster cluster;

    @BeforeAll
    static void formCluster() {
        cluster = ClusterBehaviourCluster.form("events");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected MeshFixture create(MeshConfig config) {
        return cluster.fixture(config);
    }
}
