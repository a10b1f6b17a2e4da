package io.switchboard.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.switchboard.mesh.MeshListener;

class MeshListenersTest {

    @Test
    void aListenerAddedTwiceIsToldOnce() throws Exception {
        try (MeshCore core = new MeshCore(MeshSettings.defaults())) {
            AtomicInteger told = new AtomicInteger();
            MeshListener listener = told::incrementAndGet;
            core.addListener(listener); // bound before activation, handed over by MeshRuntime
            core.addListener(listener); // and bound again by SCR meanwhile
            core.described();
            CountDownLatch after = new CountDownLatch(1);
            core.addListener(after::countDown);
            core.described();
            assertTrue(after.await(5, TimeUnit.SECONDS));
            assertEquals(2, told.get(), "once for each of the two changes");
        }
    }
}
