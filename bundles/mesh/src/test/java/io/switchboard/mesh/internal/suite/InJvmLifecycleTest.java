package io.switchboard.mesh.internal.suite;

import io.switchboard.mesh.suite.LifecycleBehaviour;
import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;

/** The lifecycle suite on three mesh nodes in this JVM. */
class InJvmLifecycleTest extends LifecycleBehaviour {

    @Override
    protected MeshFixture create(MeshConfig config) {
        return new LoopbackNodes(3, config);
    }
}
