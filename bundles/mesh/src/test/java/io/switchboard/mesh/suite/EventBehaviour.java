package io.switchboard.mesh.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.SubscribeOptions;

/** How events find their subscribers: any and all, version ranges, wildcards, failures, loops, order. */
public abstract class EventBehaviour {

    protected MeshFixture mesh;

    protected abstract MeshFixture create(MeshConfig config);

    @BeforeEach
    void boot() {
        mesh = create(MeshConfig.defaults().with("hopLimit", 5).with("retryLimit", 2));
    }

    @AfterEach
    void shutdown() {
        mesh.close();
    }

    /** Received events per subscriber instance. */
    private final Map<String, List<Object>> received = new ConcurrentHashMap<>();

    private void subscribe(int node, String group, String pattern, SubscribeOptions options, String... dependency) {
        Happn subscriber = mesh.handle(node, group, "1.0.0", dependency.length == 0 ? new String[] {"sensor ^1.0.0"} : dependency);
        String who = group + "@node-" + (node + 1);
        subscriber.event().on("sensor", pattern, options, event -> received.computeIfAbsent(who, k -> new CopyOnWriteArrayList<>())
                .add(event.payload()));
        mesh.sync();
    }

    private static int await(Promise<Integer> emitted) throws Exception {
        Throwable failure = emitted.getFailure();
        if (failure != null) {
            throw new AssertionError(failure);
        }
        return emitted.getValue();
    }

    private int total(String group) {
        return received.entrySet().stream().filter(e -> e.getKey().startsWith(group + "@")).mapToInt(e -> e.getValue().size()).sum();
    }

    @Test
    void allDeliversEveryEventToEveryInstanceOfTheGroup() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        for (int node = 0; node < 3; node++) {
            subscribe(node, "browser", "alert", SubscribeOptions.all());
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(3, await(sensor.emit("alert", i)), "each emit is acknowledged by all three");
        }
        assertEquals(3, received.size());
        received.values().forEach(events -> assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), events));
    }

    @Test
    void anyDeliversEachEventToExactlyOneInstanceInTurn() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        for (int node = 0; node < 3; node++) {
            subscribe(node, "customer", "alert", SubscribeOptions.any());
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(1, await(sensor.emit("alert", i)));
        }
        List<Object> all = new ArrayList<>();
        received.values().forEach(all::addAll);
        assertEquals(30, all.size(), "no event lost or handled twice");
        assertEquals(30, all.stream().distinct().count());
        received.values().forEach(events -> assertEquals(10, events.size(), "round-robin: " + received));
    }

    @Test
    void eachSubscribingGroupChoosesItsOwnDelivery() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        for (int node = 0; node < 3; node++) {
            subscribe(node, "customer", "alert", SubscribeOptions.any());
            subscribe(node, "browser", "alert", SubscribeOptions.all());
        }
        for (int i = 0; i < 9; i++) {
            assertEquals(4, await(sensor.emit("alert", i)), "one customer notifier and three browser notifiers");
        }
        assertEquals(9, total("customer"));
        assertEquals(27, total("browser"));
    }

    @Test
    void subscribersOnlyHearEmittersInTheirRange() throws Exception {
        Happn old = mesh.handle(0, "sensor", "1.0.0");
        Happn current = mesh.handle(1, "sensor", "2.0.0");
        subscribe(2, "fussy", "alert", SubscribeOptions.all().range("^2.0.0"), "sensor >=1.0.0");
        subscribe(2, "legacy", "alert", SubscribeOptions.all(), "sensor ~1.0.0");
        assertEquals(0, await(old.emit("alert", "from 1.0.0")) - 1, "only legacy hears 1.0.0");
        assertEquals(1, await(current.emit("alert", "from 2.0.0")), "only fussy hears 2.0.0");
        assertEquals(List.of("from 2.0.0"), received.get("fussy@node-3"));
        assertEquals(List.of("from 1.0.0"), received.get("legacy@node-3"));
    }

    @Test
    void aClientSubscriptionHearsEveryMatchingEventOfItsNodeAsData() throws Exception {
        Happn here = mesh.handle(0, "sensor", "1.0.0");
        Happn elsewhere = mesh.handle(1, "sensor", "1.0.0");
        Happn newer = mesh.handle(0, "sensor", "2.0.0");
        subscribe(0, "customer", "alerts/*", SubscribeOptions.any());
        List<io.switchboard.mesh.EventEnvelope> heard = new CopyOnWriteArrayList<>();
        io.switchboard.api.mesh.Subscription client = mesh.node(0).subscribe(Origin.user("ann", "s-1"), "sensor", "alerts/*", "^1.0.0",
                heard::add);
        assertEquals(2, await(here.emit("alerts/high", new Echo.Reading("t1", 31))), "the client and one customer instance");
        await(here.emit("status", "ignored"));
        await(newer.emit("alerts/high", "out of range"));
        await(elsewhere.emit("alerts/high", "another node's"));
        assertEquals(1, heard.size(), heard.toString());
        assertEquals("sensor", heard.get(0).component());
        assertEquals("1.0.0", heard.get(0).version());
        assertEquals("alerts/high", heard.get(0).name());
        assertEquals(Map.of("deviceId", "t1", "value", 31.0), heard.get(0).payload(), "plain data, no component class");
        assertEquals(2, total("customer"), "a component hears both nodes; the client took no instance's share");
        client.close();
        assertEquals(1, await(here.emit("alerts/high", new Echo.Reading("t1", 32))));
        assertEquals(1, heard.size());
    }

    /** A subscriber's own view of a reading, with a field the emitter's lacks. */
    public record ReadingWithUnit(String deviceId, double value, String unit) {
    }

    @Test
    void everySubscriberGetsThePayloadAsReadOnlyDataNeverTheEmittersObject() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        Happn subscriber = mesh.handle(0, "reader", "1.0.0", "sensor ^1.0.0");
        List<Object> raw = new CopyOnWriteArrayList<>();
        List<Object> typed = new CopyOnWriteArrayList<>();
        List<Throwable> changed = new CopyOnWriteArrayList<>();
        subscriber.event().on("sensor", "alert", event -> {
            raw.add(event.payload());
            typed.add(event.payload(EchoClient.MyReading.class));
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) event.payload();
                map.put("value", 0);
            } catch (UnsupportedOperationException expected) {
                changed.add(expected);
            }
        });
        Echo.Reading emitted = new Echo.Reading("t1", 31);
        assertEquals(1, await(sensor.emit("alert", emitted)));
        assertEquals(List.of(Map.of("deviceId", "t1", "value", 31.0)), raw, "data, not the emitter's record");
        assertEquals(List.of(new EchoClient.MyReading("t1", 31)), typed);
        assertEquals(1, changed.size(), "the payload is read-only: no handler changes what the next one reads");
    }

    @Test
    void aPayloadThatDoesNotFitTheSubscribersTypeIsRefusedUnlessTheSubscriptionIsLenient() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        Happn strict = mesh.handle(0, "strict", "1.0.0", "sensor ^1.0.0");
        Happn lenient = mesh.handle(0, "lenient", "1.0.0", "sensor ^1.0.0");
        List<Object> read = new CopyOnWriteArrayList<>();
        strict.event().on("sensor", "alert", event -> {
            try {
                read.add(event.payload(ReadingWithUnit.class));
            } catch (SwitchboardException e) {
                read.add(e.code() + " " + e.getMessage());
            }
        });
        lenient.event().on("sensor", "alert", SubscribeOptions.all().lenient(), event -> read.add(event.payload(ReadingWithUnit.class)));
        assertEquals(2, await(sensor.emit("alert", new Echo.Reading("t1", 31))));
        assertTrue(read.contains(new ReadingWithUnit("t1", 31, null)), read.toString());
        assertTrue(read.stream().anyMatch(r -> r instanceof String text && text.startsWith(MeshErrors.INCOMPATIBLE_DATA)
                && text.contains("'unit'")), read.toString());
    }

    @Test
    void aPayloadThatCannotBeDataIsRefusedWhenEmittedAndReachesNoOne() throws Exception {
        assumeTrue(mesh.can(MeshFixture.Ability.OBJECT_PAYLOADS), "the test's own object, one that is not data, as the payload");
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        subscribe(1, "browser", "alert", SubscribeOptions.all());
        Map<String, Object> loop = new java.util.HashMap<>();
        loop.put("self", loop);
        Throwable failure = sensor.emit("alert", loop).getFailure();
        assertEquals(MeshErrors.BAD_PAYLOAD, ((SwitchboardException) failure).code(), String.valueOf(failure));
        assertEquals(1, await(sensor.emit("alert", "fine")), "the mesh goes on");
        assertEquals(List.of("fine"), received.get("browser@node-2"));
    }

    @Test
    void aClientSubscriptionRefusesBadPatternsAndRanges() {
        assertEquals("mesh.invalid-event-pattern", assertThrows(SwitchboardException.class,
                () -> mesh.node(0).subscribe(Origin.anonymous(), "sensor", "al*", null, e -> { })).code());
        assertEquals(MeshErrors.INVALID_RANGE, assertThrows(SwitchboardException.class,
                () -> mesh.node(0).subscribe(Origin.anonymous(), "sensor", "alert", "not a range", e -> { })).code());
    }

    @Test
    void wildcardsMatchWholeSegments() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        subscribe(1, "one", "alerts/*", SubscribeOptions.all());
        subscribe(1, "deep", "alerts/**", SubscribeOptions.all());
        subscribe(1, "every", "**", SubscribeOptions.all());
        await(sensor.emit("alerts/high", "a"));
        await(sensor.emit("alerts/high/fire", "b"));
        await(sensor.emit("alerts", "c"));
        await(sensor.emit("status", "d"));
        assertEquals(List.of("a"), received.get("one@node-2"));
        assertEquals(List.of("a", "b", "c"), received.get("deep@node-2"));
        assertEquals(List.of("a", "b", "c", "d"), received.get("every@node-2"));
    }

    @Test
    void aFailingHandlerIsReportedAndTheEventRetriedOnAnotherInstance() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        Happn broken = mesh.handle(1, "customer", "1.0.0", "sensor ^1.0.0");
        Happn healthy = mesh.handle(2, "customer", "1.0.0", "sensor ^1.0.0");
        AtomicInteger failures = new AtomicInteger();
        List<Object> handled = new CopyOnWriteArrayList<>();
        broken.event().on("sensor", "alert", SubscribeOptions.any(), event -> {
            failures.incrementAndGet();
            throw new IllegalStateException("sms gateway down");
        });
        healthy.event().on("sensor", "alert", SubscribeOptions.any(), event -> handled.add(event.payload()));
        mesh.sync();
        for (int i = 0; i < 10; i++) {
            assertEquals(1, await(sensor.emit("alert", i)));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), handled, "every event handled once, by the healthy instance");
        assertEquals(5, failures.get(), "the broken instance got its turns and failed them");
        long reported = mesh.node(0).eventCounts().handlerFailures() + mesh.node(1).eventCounts().handlerFailures()
                + mesh.node(2).eventCounts().handlerFailures();
        assertEquals(5, reported, "each failure is counted");
    }

    @Test
    void theEventCountsSayWhatWasEmittedDeliveredRetriedAndFailed() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        Happn broken = mesh.handle(1, "customer", "1.0.0", "sensor ^1.0.0");
        Happn healthy = mesh.handle(2, "customer", "1.0.0", "sensor ^1.0.0");
        broken.event().on("sensor", "alert", SubscribeOptions.any(), event -> {
            throw new IllegalStateException("sms gateway down");
        });
        healthy.event().on("sensor", "alert", SubscribeOptions.any(), event -> { });
        mesh.sync();
        for (int i = 0; i < 10; i++) {
            assertEquals(1, await(sensor.emit("alert", i)));
        }
        long[] sum = new long[4];
        for (int node = 0; node < 3; node++) {
            io.switchboard.mesh.EventCounts counts = mesh.node(node).eventCounts();
            sum[0] += counts.emitted();
            sum[1] += counts.delivered();
            sum[2] += counts.retried();
            sum[3] += counts.handlerFailures();
        }
        assertEquals(10, sum[0], "emitted");
        assertEquals(10, sum[1], "delivered: each event acknowledged once, by the healthy instance");
        assertEquals(5, sum[2], "retried: the broken instance's turns went to the healthy one");
        assertEquals(5, sum[3], "handler failures");
    }

    @Test
    void theEventCountsPerEventSayWhichEventWasEmittedDeliveredRetriedAndFailed() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        Happn broken = mesh.handle(1, "customer", "1.0.0", "sensor ^1.0.0");
        Happn healthy = mesh.handle(2, "customer", "1.0.0", "sensor ^1.0.0");
        broken.event().on("sensor", "alert", SubscribeOptions.any(), event -> {
            throw new IllegalStateException("sms gateway down");
        });
        healthy.event().on("sensor", "alert", SubscribeOptions.any(), event -> { });
        healthy.event().on("sensor", "reading", SubscribeOptions.any(), event -> { });
        mesh.sync();
        for (int i = 0; i < 4; i++) {
            assertEquals(1, await(sensor.emit("alert", i)));
        }
        assertEquals(1, await(sensor.emit("reading", 1)));
        assertEquals(0, await(sensor.emit("unheard", 1)));

        // counted where the event was emitted, which hands out the deliveries and hears their outcome
        java.util.Map<String, io.switchboard.mesh.EventCounts> byEvent = mesh.node(0).eventCountsByEvent();
        assertEquals(List.of("sensor/alert", "sensor/reading"), List.copyOf(byEvent.keySet()), "an event nobody hears is not counted");
        io.switchboard.mesh.EventCounts alert = byEvent.get("sensor/alert");
        assertEquals(List.of(4L, 4L, 2L, 2L), List.of(alert.emitted(), alert.delivered(), alert.retried(), alert.handlerFailures()),
                "emitted, delivered, retried, failed: the broken instance got every other turn " + alert);
        assertEquals(new io.switchboard.mesh.EventCounts(1, 1, 0, 0, 0, 0), byEvent.get("sensor/reading"));
    }

    @Test
    void anEventThatFailsEverywhereIsGivenUpPastTheRetryLimit() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        AtomicInteger attempts = new AtomicInteger();
        for (int node = 0; node < 3; node++) {
            mesh.handle(node, "customer", "1.0.0", "sensor ^1.0.0").event().on("sensor", "alert", SubscribeOptions.any(), event -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("down");
            });
        }
        mesh.sync();
        assertEquals(0, await(sensor.emit("alert", "x")), "nobody acknowledged it");
        assertEquals(3, attempts.get(), "the first try and two retries (retry limit 2)");
    }

    @Test
    void anEventLoopIsCutAtTheHopLimit() throws Exception {
        Happn ping = mesh.handle(0, "ping", "1.0.0", "?pong ^1.0.0");
        Happn pong = mesh.handle(1, "pong", "1.0.0", "?ping ^1.0.0");
        CountDownLatch dropped = new CountDownLatch(1);
        List<Integer> hops = new CopyOnWriteArrayList<>();
        ping.event().on("pong", "ball", event -> {
            hops.add(event.hops());
            ping.emit("ball", "back").onFailure(e -> dropped.countDown());
        });
        pong.event().on("ping", "ball", event -> {
            hops.add(event.hops());
            pong.emit("ball", "back").onFailure(e -> dropped.countDown());
        });
        mesh.sync();
        ping.emit("ball", "serve");
        assertTrue(dropped.await(10, TimeUnit.SECONDS), "the loop was cut");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), hops, "six events (hops 0 to the limit of 5) were handled, the seventh dropped");
        long drops = mesh.node(0).eventCounts().hopLimitDrops() + mesh.node(1).eventCounts().hopLimitDrops();
        assertEquals(1, drops);
    }

    @Test
    void theHopLimitFailureNamesTheEventAndTheEmitter() throws Exception {
        assumeTrue(mesh.can(MeshFixture.Ability.CHAINS), "the test emits from inside a chain already past the hop limit");
        Happn sensor = mesh.handle(0, "sensor", "1.0.0", "?relay ^1.0.0");
        Happn relay = mesh.handle(1, "relay", "1.0.0", "sensor ^1.0.0");
        List<SwitchboardException> failures = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        relay.event().on("sensor", "tick", event -> {
            relay.emit("tock", event.hops()).onFailure(e -> failures.add((SwitchboardException) e));
            done.countDown();
        });
        mesh.sync();
        // An event that already passed the limit, as if it came from a long chain.
        mesh.inChain(Origin.system(), 6, () -> {
            Promise<Integer> emitted = sensor.emit("tick", 1);
            SwitchboardException e = (SwitchboardException) emitted.getFailure();
            assertEquals(MeshErrors.HOP_LIMIT, e.code());
            assertTrue(e.getMessage().contains("tick") && e.getMessage().contains("sensor@1.0.0"), e.getMessage());
            return null;
        });
        assertEquals(1, done.getCount(), "nothing was delivered");
    }

    @Test
    void aHandlerThatNeverReturnsIsReportedAndItsAnyEventHandledElsewhere() throws Exception {
        mesh.close();
        mesh = create(MeshConfig.defaults().with("ackTimeoutMillis", 100));
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> handled = new CopyOnWriteArrayList<>();
        mesh.handle(1, "customer", "1.0.0", "sensor ^1.0.0").event().on("sensor", "alert", SubscribeOptions.any(), event -> {
            stuck.countDown();
            release.await();
        });
        mesh.handle(2, "customer", "1.0.0", "sensor ^1.0.0").event().on("sensor", "alert", SubscribeOptions.any(),
                event -> handled.add(event.payload()));
        mesh.sync();
        try {
            List<Promise<Integer>> emitted = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                emitted.add(sensor.emit("alert", i));
            }
            assertTrue(stuck.await(10, TimeUnit.SECONDS));
            for (Promise<Integer> each : emitted) {
                assertEquals(1, await(each), "each event acknowledged once, by some instance");
            }
            assertEquals(List.of(0, 1), handled.stream().sorted((a, b) -> Integer.compare((Integer) a, (Integer) b)).toList(),
                    "the stuck instance's event went to the other one");
            long overdue = mesh.node(0).overdueHandlers() + mesh.node(1).overdueHandlers()
                    + mesh.node(2).overdueHandlers();
            assertEquals(1, overdue, "the stuck handler is reported once");
        } finally {
            release.countDown();
        }
    }

    @Test
    void eventsFromOneEmitterReachASubscriberInEmitOrder() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        subscribe(0, "local", "reading", SubscribeOptions.all());
        subscribe(1, "remote", "reading", SubscribeOptions.all());
        List<Promise<Integer>> emitted = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            emitted.add(sensor.emit("reading", i));
        }
        for (Promise<Integer> each : emitted) {
            assertEquals(2, await(each));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            expected.add(i);
        }
        assertEquals(expected, received.get("local@node-1"));
        assertEquals(expected, received.get("remote@node-2"));
    }

    @Test
    void emitLocalStaysOnTheEmittersNode() throws Exception {
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        for (int node = 0; node < 3; node++) {
            subscribe(node, "browser", "popup", SubscribeOptions.all());
        }
        assertEquals(1, await(sensor.emitLocal("popup", "here")));
        assertEquals(Collections.singleton("browser@node-1"), received.keySet());
    }

    @Test
    void theOriginTravelsWithEventsIntoHandlersAndTheirCalls() throws Exception {
        assumeTrue(mesh.can(MeshFixture.Ability.CHAINS), "the test emits from inside a chain alice started");
        mesh.start(2, Echo.class, "1.0.0");
        Happn sensor = mesh.handle(0, "sensor", "1.0.0", "echo ^1.0.0");
        Happn notifier = mesh.handle(1, "notifier", "1.0.0", "sensor ^1.0.0", "echo ^1.0.0");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        notifier.event().on("sensor", "alert", event -> {
            seen.add(event.origin().toString());
            seen.add(notifier.origin().toString());
            notifier.exchange().call("echo", "origin", List.of()).onSuccess(origin -> seen.add(String.valueOf(origin)))
                    .onResolve(handled::countDown);
        });
        mesh.sync();
        // alice calls echo.say, which emits "said"... here the sensor emits inside a call alice started:
        mesh.inChain(Origin.user("alice", null), 0, () -> sensor.emit("alert", "x"));
        assertTrue(handled.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("user:alice", "user:alice", "user:alice"), seen);
        assertEquals("component:sensor@1.0.0", String.valueOf(ExchangeBehaviour.value(
                sensor.exchange().call("echo", "origin", List.of(), CallOptions.defaults()))), "outside any chain the component is the origin");
    }
}
