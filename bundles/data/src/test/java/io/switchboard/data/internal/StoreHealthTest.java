package io.switchboard.data.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;

class StoreHealthTest {

    @Test
    void notReadyUntilTheRequiredProviderRuns() {
        StoreHealth health = new StoreHealth("mvstore");
        MemoryProvider memory = new MemoryProvider();
        health.addProvider(memory, Map.of(DataProvider.NAME, "memory"));
        assertFalse(health.check().ready());
        assertTrue(health.check().detail().contains("mvstore"));

        MemoryProvider standIn = new MemoryProvider();
        health.addProvider(standIn, Map.of(DataProvider.NAME, "mvstore"));
        assertTrue(health.check().ready());
        health.removeProvider(standIn, Map.of(DataProvider.NAME, "mvstore"));
        assertFalse(health.check().ready());
    }

    @Test
    void nothingRequiredIsAlwaysReady() {
        assertTrue(new StoreHealth("").check().ready());
    }
}
