package io.switchboard.itests.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import io.switchboard.itests.cluster.behaviour.ClusterBehaviourCluster;
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

    private static ClusterBehaviourCluster cluster;

    @BeforeAll
    static void formCluster() {
        cluster = ClusterBehaviourCluster.form("lifecycle");
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
