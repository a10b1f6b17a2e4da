package io.switchboard.bus.internal.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import io.switchboard.bus.Outgoing;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.internal.BusConfig;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.ObservedDriver;
import io.switchboard.bus.internal.TestClock;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** A pump with a callback that answers one request at a time: it leases in batches of half its slots, not once per answer. */
class PumpTest {

    private final AtomicInteger leases = new AtomicInteger();
    private final ArrayDeque<Runnable> rounds = new ArrayDeque<>();
    private BusCore bus;

    @BeforeEach
    void start() {
        DataServiceImpl data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        bus = new BusCore(data, WebhooksStoreTest.defaults(BusConfig.class, Map.of("defaultDriver", "memory")), new TestClock(), false);
        bus.addDriver(countingLeases(new MemoryDriver()), Map.of(BusDriver.NAME, "memory"));
        bus.putTopic("orders", TopicSettings.defaults("memory"));
    }

    /** The memory driver, counting the leases its queues are asked for. */
    private BusDriver countingLeases(MemoryDriver memory) {
        return new ObservedDriver(memory, method -> {
            if (method.getName().equals("lease")) {
                leases.incrementAndGet();
            }
        });
    }

    private void runRounds() {
        while (!rounds.isEmpty()) {
            rounds.poll().run();
        }
    }

    @Test
    void aBusyCallbackIsServedWithALeasePerBatchNotPerAnswer() {
        for (int i = 0; i < 40; i++) {
            bus.publish("orders", Outgoing.of(("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        List<CompletableFuture<Sink.Outcome>> waiting = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Sink callback = delivery -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<Sink.Outcome> answer = new CompletableFuture<>();
            waiting.add(answer);
            return answer;
        };
        Pump pump = new Pump(bus, "orders", "hooks", "hook:test", delivery -> true, callback, new Backoff(1000, 1000, bound -> 0),
                Duration.ofSeconds(30), 8, rounds::add, () -> { });
        pump.wake();
        runRounds();
        int answered = 0;
        while (!waiting.isEmpty()) {
            CompletableFuture<Sink.Outcome> next = waiting.remove(0);
            inFlight.decrementAndGet();
            next.complete(Sink.Outcome.ok(204)); // one answer at a time, as a busy callback gives them
            answered++;
            runRounds();
        }
        assertEquals(40, answered, "every message delivered");
        assertEquals(8, most.get(), "never more than its slots in flight");
        assertTrue(leases.get() <= 40 / 4 + 1, "a lease per batch of 4 answers (half the slots), not one per answer: " + leases.get() + " leases");
        assertEquals(0, bus.lease("orders", "hooks", "other", 10, Duration.ofSeconds(1)).size(), "each was acked");
    }
}
