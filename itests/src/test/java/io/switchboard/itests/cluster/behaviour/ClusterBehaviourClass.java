package io.switchboard.itests.cluster.behaviour;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;

/**
 * One cluster for a whole suite class: formed before its first test, closed after its last. A class
 * registers it as a static field ({@code @RegisterExtension}) and hands out its fixtures.
 */
public final class ClusterBehaviourClass implements BeforeAllCallback, AfterAllCallback {

    private final String suite;
    private ClusterBehaviourCluster cluster;

    /** @param suite names the cluster's working folder */
    public ClusterBehaviourClass(String suite) {
        this.suite = suite;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = ClusterBehaviourCluster.form(suite);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** A fixture for one test (ClusterBehaviourCluster.fixture). */
    public MeshFixture fixture(MeshConfig config) {
        return cluster.fixture(config);
    }
}
