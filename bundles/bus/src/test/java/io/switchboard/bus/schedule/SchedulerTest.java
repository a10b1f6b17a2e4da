package io.switchboard.bus.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.internal.TestClock;
import io.switchboard.bus.internal.BusConfig;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** Schedules on a clock the test moves: no sleeping through real minutes. */
class SchedulerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Consumer<String> ANYONE = topic -> { };

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:30Z"));
    private DataServiceImpl data;
    private BusCore bus;
    private Scheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        bus = new BusCore(data, config(BusConfig.class, Map.of("defaultDriver", "memory")), clock, false);
        bus.addDriver(new MemoryDriver(), Map.of(BusDriver.NAME, "memory"));
        bus.putTopic("ticks", bus.settingsFrom("ticks", JSON.readTree("{}")));
        scheduler = restarted();
    }

    private Scheduler restarted() {
        return new Scheduler(data, bus, config(ScheduleConfig.class, Map.of("maxSchedules", 3)), clock, false);
    }

    @SuppressWarnings("unchecked")
    static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(SchedulerTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private ObjectNode put(String name, String json) throws Exception {
        return scheduler.put(name, JSON.readTree(json), "alice", ANYONE);
    }

    /** Moves the clock to the instant and lets the timer fire what is due. */
    private void at(String instant) {
        clock.set(Instant.parse(instant));
        scheduler.tick();
    }

    private List<Delivery> fired() {
        return bus.lease("ticks", "g", "c", 100, Duration.ofHours(6));
    }

    private static String due(Delivery delivery) {
        return delivery.headers().get(Scheduler.DUE_HEADER);
    }

    @Test
    void aFiveFieldCronFiresOncePerDueTimeWithItsPayloadAndHeaders() throws Exception {
        ObjectNode made = put("every-minute", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": {\"n\": 1}, \"headers\": {\"kind\": \"tick\"}}");
        assertEquals(List.of("2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z", "2026-01-01T00:04:00Z", "2026-01-01T00:05:00Z"),
                texts(made.get("nextFireTimes")));

        at("2026-01-01T00:00:59.999Z");
        assertEquals(0, fired().size());
        at("2026-01-01T00:01:00Z");
        scheduler.tick(); // a second round at the same instant fires nothing more
        at("2026-01-01T00:01:30Z");
        List<Delivery> first = fired();
        assertEquals(1, first.size());
        assertEquals("{\"n\":1}", new String(first.get(0).payload(), StandardCharsets.UTF_8));
        assertEquals("2026-01-01T00:01:00Z", due(first.get(0)));
        assertEquals("every-minute", first.get(0).headers().get(Scheduler.SCHEDULE_HEADER));
        assertEquals("tick", first.get(0).headers().get("kind"));

        at("2026-01-01T00:02:00.005Z");
        assertEquals(List.of("2026-01-01T00:02:00Z"), fired().stream().map(SchedulerTest::due).toList());
        ObjectNode read = scheduler.get("every-minute", 2, ANYONE);
        assertEquals(2, read.get("fired").asInt());
        assertEquals("2026-01-01T00:02:00Z", read.get("lastFiredAt").asText());
        assertEquals(List.of("2026-01-01T00:03:00Z", "2026-01-01T00:04:00Z"), texts(read.get("nextFireTimes")));
    }

    @Test
    void sixFieldsTakeSecondsFirstAndTheZoneDecidesTheHour() throws Exception {
        ObjectNode made = put("paris", "{\"cron\": \"15 0 9 * * *\", \"zone\": \"Europe/Paris\", \"topic\": \"ticks\", \"payload\": 1}");
        assertEquals("2026-01-01T08:00:15Z", made.get("nextFireTimes").get(0).asText()); // 09:00:15 in Paris, UTC+1 in winter
        at("2026-01-01T08:00:15Z");
        assertEquals(List.of("2026-01-01T08:00:15Z"), fired().stream().map(SchedulerTest::due).toList());
    }

    @Test
    void aPausedScheduleDoesNotFireAndResumingMakesNothingUp() throws Exception {
        put("m", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}");
        ObjectNode paused = scheduler.pause("m", true, ANYONE);
        assertEquals("paused", paused.get("state").asText());
        assertEquals(0, paused.get("nextFireTimes").size());
        at("2026-01-01T00:05:00Z");
        assertEquals(0, fired().size());
        ObjectNode resumed = scheduler.pause("m", false, ANYONE);
        assertEquals("2026-01-01T00:06:00Z", resumed.get("nextFireTimes").get(0).asText());
        at("2026-01-01T00:06:00Z");
        assertEquals(List.of("2026-01-01T00:06:00Z"), fired().stream().map(SchedulerTest::due).toList());
    }

    @Test
    void aDeletedScheduleNeverFiresAgainAndIsUnknown() throws Exception {
        put("m", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}");
        scheduler.delete("m", ANYONE);
        at("2026-01-01T00:03:00Z");
        assertEquals(0, fired().size());
        fails(BusErrors.UNKNOWN_SCHEDULE, () -> scheduler.get("m", 1, ANYONE));
        assertEquals(0, restarted().list(topic -> true).get("schedules").size());
    }

    @Test
    void afterARestartFireOnceFiresTheFirstMissedDueTimeOnceAndSkipFiresNone() throws Exception {
        put("once", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}");
        put("skip", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 2, \"missed\": \"skip\"}");
        at("2026-01-01T00:01:00Z");
        assertEquals(2, fired().size());

        clock.set(Instant.parse("2026-01-01T00:10:30Z")); // down for nine minutes
        scheduler = restarted();
        scheduler.tick();
        List<Delivery> afterStart = fired();
        assertEquals(List.of("once@2026-01-01T00:02:00Z"), afterStart.stream().map(d -> d.headers().get(Scheduler.SCHEDULE_HEADER) + "@" + due(d)).toList());
        assertEquals("2026-01-01T00:11:00Z", scheduler.get("skip", 1, ANYONE).get("nextFireTimes").get(0).asText());
        assertEquals("2026-01-01T00:11:00Z", scheduler.get("once", 1, ANYONE).get("nextFireTimes").get(0).asText());
        at("2026-01-01T00:11:00Z");
        assertEquals(2, fired().size());
    }

    @Test
    void aFiringPublishedButNotRecordedBeforeACrashIsStoredOnceAfterTheRestart() throws Exception {
        put("m", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}");
        JsonNode before = data.get(Scheduler.STORE + "m").getValue().orElseThrow().data();
        at("2026-01-01T00:01:00Z");
        data.set(Scheduler.STORE + "m", before, WriteOptions.DEFAULTS).getValue(); // the record of the firing lost in the crash
        clock.set(Instant.parse("2026-01-01T00:01:10Z"));
        scheduler = restarted();
        scheduler.tick(); // fires 00:01:00 again, with the same dedup id
        assertEquals(List.of("2026-01-01T00:01:00Z"), fired().stream().map(SchedulerTest::due).toList());
        assertEquals(1, bus.topic("ticks").orElseThrow().published());
    }

    @Test
    void aOneShotDeliverAtFiresOnceAtItsTimeAndIsThenGone() throws Exception {
        put("later", "{\"deliverAt\": \"2026-01-01T00:00:45Z\", \"topic\": \"ticks\", \"payload\": {\"once\": true}}");
        at("2026-01-01T00:00:44Z");
        assertEquals(0, fired().size());
        at("2026-01-01T00:00:45Z");
        assertEquals(List.of("2026-01-01T00:00:45Z"), fired().stream().map(SchedulerTest::due).toList());
        fails(BusErrors.UNKNOWN_SCHEDULE, () -> scheduler.get("later", 1, ANYONE));
        at("2026-01-01T01:00:00Z");
        assertEquals(0, fired().size());
    }

    @Test
    void badInputIsRefusedWithItsCodeAndNothingIsKept() {
        fails(BusErrors.INVALID_CRON, () -> put("a", "{\"cron\": \"61 * * * *\", \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.INVALID_CRON, () -> put("a", "{\"cron\": \"* * *\", \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.INVALID_CRON, () -> put("a", "{\"cron\": \"0 0 30 2 *\", \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.INVALID_CRON, () -> put("a", "{\"cron\": 5, \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.INVALID_ZONE, () -> put("a", "{\"cron\": \"* * * * *\", \"zone\": \"Mars/Olympus\", \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.INVALID_SCHEDULE, () -> put("a", "{\"cron\": \"* * * * *\", \"deliverAt\": \"2026-01-02T00:00:00Z\", \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.INVALID_SCHEDULE, () -> put("a", "{\"deliverAt\": \"tomorrow\", \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.INVALID_SCHEDULE, () -> put("a", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\"}"));
        fails(BusErrors.INVALID_SCHEDULE, () -> put("a", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1, \"headers\": {\"Bus-Key\": \"x\"}}"));
        fails(BusErrors.INVALID_SCHEDULE, () -> put("a", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1, \"missed\": \"sometimes\"}"));
        fails(BusErrors.INVALID_SCHEDULE, () -> put("a", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1, \"every\": 5}"));
        fails(BusErrors.INVALID_SCHEDULE, () -> put("../x", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}"));
        fails(BusErrors.UNKNOWN_TOPIC, () -> put("a", "{\"cron\": \"* * * * *\", \"topic\": \"nowhere\", \"payload\": 1}"));
        assertEquals(0, scheduler.list(topic -> true).get("schedules").size());
    }

    @Test
    void theCountIsBoundedAndAReplaceDoesNotCount() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            put(name, "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}");
        }
        put("a", "{\"cron\": \"*/5 * * * *\", \"topic\": \"ticks\", \"payload\": 1}");
        fails(BusErrors.TOO_MANY_SCHEDULES, () -> put("d", "{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}"));
    }

    @Test
    void aCallerWhoMayNotPublishToTheTopicChangesNothing() {
        Consumer<String> refuse = topic -> {
            throw new SwitchboardException(BusErrors.FORBIDDEN, "no");
        };
        fails(BusErrors.FORBIDDEN, () -> scheduler.put("a", JSON.readTree("{\"cron\": \"* * * * *\", \"topic\": \"ticks\", \"payload\": 1}"), "bob", refuse));
        assertEquals(0, scheduler.list(topic -> true).get("schedules").size());
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void fails(String code, Executable call) {
        assertEquals(code, assertThrows(SwitchboardException.class, call).code());
    }
}
