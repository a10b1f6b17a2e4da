package io.switchboard.mesh.internal.suite;

import io.switchboard.mesh.internal.MeshSettings;

/** The lifecycle suite on three mesh nodes in this JVM. */
class InJvmLifecycleTest extends LifecycleBehaviour {

    @Override
    protected MeshFixture create(MeshSettings settings) {
        return new LoopbackNodes(3, settings);
    }
}
