package io.switchboard.mesh.internal.suite;

import io.switchboard.mesh.internal.MeshSettings;

/** The exchange suite on three mesh nodes in this JVM. */
class InJvmExchangeTest extends ExchangeBehaviour {

    @Override
    protected MeshFixture create(MeshSettings settings) {
        return new LoopbackNodes(3, settings);
    }
}
