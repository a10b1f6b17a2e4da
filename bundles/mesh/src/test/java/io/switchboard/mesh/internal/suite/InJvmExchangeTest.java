package io.switchboard.mesh.internal.suite;

import io.switchboard.mesh.suite.ExchangeBehaviour;
import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;

/** The exchange suite on three mesh nodes in this JVM. */
class InJvmExchangeTest extends ExchangeBehaviour {

    @Override
    protected MeshFixture create(MeshConfig config) {
        return new LoopbackNodes(3, config);
    }
}
