package io.switchboard.mesh.internal.suite;

import io.switchboard.mesh.internal.MeshSettings;

/** The event suite on three mesh nodes in this JVM. */
class InJvmEventTest extends EventBehaviour {

    @Override
    protected MeshFixture create(MeshSettings settings) {
        return new LoopbackNodes(3, settings);
    }
}
