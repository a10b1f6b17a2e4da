package io.switchboard.bus.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.bus.ScheduleInfo;
import io.switchboard.bus.internal.BusConfig;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.TestClock;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** Operators read the schedules through the Bus API ({@code Bus.schedules()}): next fire, last fired, paused, the last error. */
class ScheduleInfoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:30Z"));
    private BusCore bus;
    private Scheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        bus = new BusCore(data, SchedulerTest.config(BusConfig.class, Map.of("defaultDriver", "memory")), clock, false);
        bus.addDriver(new MemoryDriver(), Map.of(BusDriver.NAME, "memory"));
        bus.putTopic("ticks", bus.settingsFrom("ticks", JSON.readTree("{}")));
        assertEquals(List.of(), bus.schedules(), "no schedules running yet: nothing, and no failure");
        scheduler = new Scheduler(data, bus, SchedulerTest.config(ScheduleConfig.class, Map.of()), clock, false);
    }

    @Test
    void theBusShowsEachScheduleWithItsNextAndLastFiring() throws Exception {
        scheduler.put("b-minutely", JSON.readTree("{\"cron\": \"* * * * *\", \"zone\": \"Europe/Paris\", \"topic\": \"ticks\", \"payload\": 1}"), "alice",
                topic -> { });
        scheduler.put("a-paused", JSON.readTree("{\"cron\": \"0 0 * * *\", \"topic\": \"ticks\", \"payload\": 1}"), "alice", topic -> { });
        scheduler.pause("a-paused", true, topic -> { });
        clock.set(Instant.parse("2026-01-01T00:01:00Z"));
        scheduler.tick();

        List<ScheduleInfo> shown = bus.schedules();
        assertEquals(List.of("a-paused", "b-minutely"), shown.stream().map(ScheduleInfo::name).toList(), "by name");
        ScheduleInfo paused = shown.get(0);
        assertTrue(paused.paused());
        assertEquals(0, paused.nextFireAt(), "a paused schedule has no next fire");
        ScheduleInfo minutely = shown.get(1);
        assertEquals("* * * * *", minutely.cron());
        assertEquals("Europe/Paris", minutely.zone());
        assertEquals("ticks", minutely.topic());
        assertEquals(Instant.parse("2026-01-01T00:01:00Z").toEpochMilli(), minutely.lastFiredAt());
        assertEquals(Instant.parse("2026-01-01T00:02:00Z").toEpochMilli(), minutely.nextFireAt());
        assertEquals(1, minutely.fired());
        assertNull(minutely.lastError());

        bus.deleteTopic("ticks");
        clock.set(Instant.parse("2026-01-01T00:02:00Z"));
        scheduler.tick();
        String error = bus.schedules().get(1).lastError();
        assertTrue(error != null && error.startsWith("bus.unknown-topic: "), error);

        scheduler.deactivate();
        assertEquals(List.of(), bus.schedules(), "stopped: nothing shown");
    }
}
