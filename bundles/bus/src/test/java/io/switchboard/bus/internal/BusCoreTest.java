package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.DeadLetter;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.TopicQueue;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** The bus over the memory driver with a clock the test moves: redelivery, dead letters, replies, settings that outlive a restart. */
class BusCoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock();
    private DataServiceImpl data;
    private BusCore bus;

    static BusConfig config() {
        return (BusConfig) Proxy.newProxyInstance(BusCoreTest.class.getClassLoader(), new Class<?>[] {BusConfig.class},
                (proxy, method, args) -> method.getName().equals("defaultDriver") ? "memory" : method.getDefaultValue());
    }

    @BeforeEach
    void start() {
        data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        bus = started(new MemoryDriver());
    }

    private BusCore started(MemoryDriver driver) {
        BusCore core = new BusCore(data, config(), clock, false);
        core.addDriver(driver, Map.of(BusDriver.NAME, "memory"));
        return core;
    }

    @AfterEach
    void stop() {
        bus.deactivate();
    }

    private void topic(String name, String settings) throws Exception {
        bus.putTopic(name, bus.settingsFrom(name, JSON.readTree(settings)));
    }

    private static Outgoing payload(String json) {
        return Outgoing.of(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void fails(String code, Executable call) {
        assertEquals(code, assertThrows(SwitchboardException.class, call).code());
    }

    @Test
    void anUnackedMessageIsDeliveredAgainAfterItsAckTimeoutThenDeadLetteredWithReasonAndCount() throws Exception {
        topic("jobs", "{\"ackTimeoutMillis\": 200, \"maxDeliveries\": 3, \"deadLetter\": \"jobs-dead\"}");
        topic("jobs-dead", "{}");
        String id = bus.publish("jobs", payload("{\"job\": 1}")).id();
        for (int delivery = 1; delivery <= 3; delivery++) {
            List<Delivery> leased = bus.lease("jobs", Bus.DEFAULT_GROUP, "worker", 10, null);
            assertEquals(1, leased.size(), "delivery " + delivery);
            assertEquals(delivery, leased.get(0).deliveries());
            clock.advance(Duration.ofMillis(199));
            bus.sweep();
            assertTrue(bus.lease("jobs", Bus.DEFAULT_GROUP, "worker", 10, null).isEmpty(), "still invisible 1 ms before its ack timeout");
            clock.advance(Duration.ofMillis(1));
            bus.sweep();
        }
        List<DeadLetter> dead = bus.deadLetters("jobs", 10);
        assertEquals(1, dead.size());
        assertEquals(id, dead.get(0).message().id());
        assertEquals("max-deliveries", dead.get(0).reason());
        assertEquals(3, dead.get(0).message().deliveries());
        Delivery copy = bus.lease("jobs-dead", Bus.DEFAULT_GROUP, "auditor", 10, null).get(0);
        assertEquals(Map.of(BusCore.DEAD_TOPIC, "jobs", BusCore.DEAD_GROUP, "default", BusCore.DEAD_REASON, "max-deliveries",
                BusCore.DEAD_DELIVERIES, "3", BusCore.DEAD_ID, id), copy.headers());
        assertEquals(1, bus.redrive("jobs", List.of(id)));
        assertEquals(1, bus.lease("jobs", Bus.DEFAULT_GROUP, "worker", 10, null).get(0).deliveries(), "re-driven with its count reset");
    }

    @Test
    void aDeadLetterToldWhyItsLastAttemptFailedSaysSoAndCarriesItToTheDeadLetterTopic() throws Exception {
        topic("hooked", "{\"maxDeliveries\": 2, \"deadLetter\": \"hooked-dead\"}");
        topic("hooked-dead", "{}");
        String id = bus.publish("hooked", payload("{\"n\": 1}")).id();
        bus.lease("hooked", "hooks", "hook:1", 1, null);
        bus.nack(id, "hooks", "hook:1", Duration.ZERO, new TopicQueue.Failure(503, "the callback answered 503"));
        bus.lease("hooked", "hooks", "hook:1", 1, null);
        bus.nack(id, "hooks", "hook:1", Duration.ZERO, new TopicQueue.Failure(0, "no answer within 10000 ms"));
        bus.sweep();
        DeadLetter dead = bus.deadLetter("hooked", id).orElseThrow();
        assertEquals(0, dead.lastStatus(), "the last attempt had no answer");
        assertEquals("no answer within 10000 ms", dead.lastError());
        Delivery copy = bus.lease("hooked-dead", Bus.DEFAULT_GROUP, "auditor", 10, null).get(0);
        assertEquals("no answer within 10000 ms", copy.headers().get(BusCore.DEAD_ERROR));
        assertEquals(null, copy.headers().get(BusCore.DEAD_STATUS), "no status without an answer");
    }

    @Test
    void aSynchronousPublishGetsTheConsumersReply() throws Exception {
        topic("rpc", "{}");
        Bus.Request request = bus.request("rpc", payload("{\"q\": 1}"), Duration.ofSeconds(5));
        Delivery delivery = bus.lease("rpc", "servers", "server", 1, null).get(0);
        assertTrue(delivery.reply());
        bus.reply(delivery.id(), "server", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), request.reply().toCompletableFuture().get(5, TimeUnit.SECONDS));
        fails(BusErrors.NO_REPLY_EXPECTED, () -> bus.reply(delivery.id(), "server", "1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSynchronousPublishThatNobodyAnswersTimesOut() throws Exception {
        topic("rpc", "{}");
        Bus.Request request = bus.request("rpc", payload("1"), Duration.ofMillis(50));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> request.reply().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(BusErrors.REPLY_TIMEOUT, ((SwitchboardException) failure.getCause()).code());
        fails(BusErrors.NO_REPLY_EXPECTED, () -> bus.reply(request.id(), "late", "1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void topicSettingsOutliveARestartAndBadSettingsChangeNothing() throws Exception {
        topic("kept", "{\"discipline\": \"lifo\", \"maxLength\": 10}");
        fails(BusErrors.INVALID_DISCIPLINE, () -> topic("kept", "{\"discipline\": \"random\"}"));
        fails(BusErrors.INVALID_DRIVER, () -> topic("kept", "{\"driver\": \"tape\"}"));
        fails(BusErrors.INVALID_SETTING, () -> topic("kept", "{\"maxLength\": 0}"));
        fails(BusErrors.INVALID_SETTING, () -> topic("kept", "{\"color\": \"red\"}"));
        fails(BusErrors.INVALID_SETTING, () -> topic("kept", "{\"deadLetter\": \"kept\"}"));
        fails(BusErrors.INVALID_SETTING, () -> topic("kept", "{\"ackTimeoutMillis\": 1}"));
        fails(BusErrors.INVALID_TOPIC_NAME, () -> topic("no/slash", "{}"));
        BusCore restarted = started(new MemoryDriver());
        try {
            assertEquals("lifo", restarted.topic("kept").orElseThrow().settings().discipline().settingName());
            assertEquals(10, restarted.topic("kept").orElseThrow().settings().maxLength());
        } finally {
            restarted.deactivate();
        }
    }

    @Test
    void badPublishesAndAcksHaveTheirOwnCodesAndStoreNothing() throws Exception {
        topic("t", "{\"maxLength\": 1}");
        fails(BusErrors.UNKNOWN_TOPIC, () -> bus.publish("nope", payload("1")));
        fails(BusErrors.INVALID_PRIORITY, () -> bus.publish("t", new Outgoing("1".getBytes(StandardCharsets.UTF_8), 10, null, null, 0, null)));
        fails(BusErrors.INVALID_HEADER, () -> bus.publish("t", new Outgoing("1".getBytes(StandardCharsets.UTF_8), 4, null, null, -1, null)));
        fails(BusErrors.TOO_LARGE, () -> bus.publish("t", payload("\"" + "x".repeat(config().maxPayloadBytes()) + "\"")));
        assertEquals(0, bus.topic("t").orElseThrow().depth(), "nothing stored");
        String id = bus.publish("t", payload("1")).id();
        fails(BusErrors.TOPIC_FULL, () -> bus.publish("t", payload("2")));
        fails(BusErrors.INVALID_LEASE, () -> bus.lease("t", "g", "c", 0, null));
        fails(BusErrors.INVALID_VISIBILITY, () -> bus.lease("t", "g", "c", 1, Duration.ofMillis(1)));
        fails(BusErrors.INVALID_GROUP, () -> bus.lease("t", "no group", "c", 1, null));
        bus.lease("t", "g", "c", 1, null);
        fails(BusErrors.NOT_LEASEHOLDER, () -> bus.ack(id, "g", "intruder"));
        fails(BusErrors.UNKNOWN_MESSAGE, () -> bus.ack("t~99", "g", "c"));
        fails(BusErrors.UNKNOWN_MESSAGE, () -> bus.ack("garbage", "g", "c"));
        bus.ack(id, "g", "c");
        fails(BusErrors.ALREADY_ACKED, () -> bus.ack(id, "g", "c"));
        assertEquals(0, bus.topic("t").orElseThrow().depth());
    }
}
