package io.switchboard.data.internal;

import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;

/** The conformance suite on the in-memory provider. */
class MemoryConformanceTest extends ProviderConformance {

    @Override
    protected DataProvider newProvider() {
        return new MemoryProvider();
    }
}
