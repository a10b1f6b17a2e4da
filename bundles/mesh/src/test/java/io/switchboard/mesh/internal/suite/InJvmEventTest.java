package io.switchboard.mesh.internal.suite;

import io.switchboard.mesh.suite.EventBehaviour;
import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;

/** The event suite on three mesh nodes in this JVM. */
class InJvmEventTest extends EventBehaviour {

    @Override
    protected MeshFixture create(MeshConfig config) {
        return new LoopbackNodes(3, config);
    }
}
