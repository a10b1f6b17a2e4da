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

    @Test
    void aComponentsSubscriptionIsNewsAClientsIsNot() throws Exception {
        try (MeshCore core = new MeshCore(MeshSettings.defaults())) {
            core.originPermissions(() -> (origin, action, path) -> true);
            java.util.concurrent.LinkedBlockingQueue<String> told = new java.util.concurrent.LinkedBlockingQueue<>();
            core.addListener(() -> told.add("changed"));
            core.subscribe(io.switchboard.api.mesh.Origin.user("ann", "s-1"), "sensor", "tick", null, event -> { });
            io.switchboard.mesh.Instance worker = new io.switchboard.mesh.internal.registry.NamedLocalInstance("b/worker@1.0.0",
                    "worker", "1.0.0", "b") {
                @Override
                public org.osgi.util.promise.Promise<Object> invoke(String method, java.util.List<?> args,
                        io.switchboard.api.mesh.Origin origin, int hops) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void deliver(String id, io.switchboard.mesh.EventEnvelope event, boolean failover,
                        io.switchboard.mesh.Acknowledgement acknowledgement) {
                    acknowledgement.acknowledged();
                }
            };
            core.subscriptions().add(new io.switchboard.mesh.internal.event.SubscriptionRecord("local-1", worker, "sensor",
                    io.switchboard.mesh.internal.version.SemverRange.ANY,
                    io.switchboard.mesh.internal.event.EventPattern.compile("tick"),
                    io.switchboard.api.mesh.SubscribeOptions.Delivery.ANY));
            assertEquals("changed", told.poll(5, TimeUnit.SECONDS), "a component instance's subscription is published");
            assertEquals(1, core.eventSubscriptions().size(), "the component's, not the client's: " + core.eventSubscriptions());
            core.described(); // a marker: nothing else was told before it
            assertEquals("changed", told.poll(5, TimeUnit.SECONDS));
            assertEquals(null, told.poll(200, TimeUnit.MILLISECONDS), "the client's subscription told no one");
        }
    }
}
