package io.switchboard.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

import io.switchboard.data.DataErrors;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;
import io.switchboard.stats.StatsSnapshot;
import io.switchboard.stats.Timer;

/** Data operations are timed into the stats service by operation and provider; without one, nothing is. */
class DataMetersTest {

    private final Map<String, AtomicLong> timed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> totalNanos = new ConcurrentHashMap<>();
    private final Stats stats = new Stats() {
        @Override
        public Counter counter(String name, String help, String... labels) {
            return Counter.NONE;
        }

        @Override
        public Timer timer(String name, String help, String... labels) {
            AtomicLong count = timed.computeIfAbsent(name + List.of(labels), key -> new AtomicLong());
            AtomicLong total = totalNanos.computeIfAbsent(name + List.of(labels), key -> new AtomicLong());
            return nanos -> {
                count.incrementAndGet();
                total.addAndGet(nanos);
            };
        }

        @Override
        public Registration gauge(String name, String help, DoubleSupplier value, String... labels) {
            return () -> { };
        }

        @Override
        public StatsSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }
    };

    private long count(String operation, String provider) {
        AtomicLong count = timed.get("switchboard.data.operation" + List.of("operation", operation, "provider", provider));
        return count == null ? 0 : count.get();
    }

    @Test
    void eachOperationIsTimedWithTheProviderThatServedIt() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, new RecordingPublisher());
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**", DataProvider.NAME, "memory"));
        data.bindStats(stats);

        data.set("/a/1", Fixture.JSON.readTree("{\"v\":1}"), WriteOptions.DEFAULTS).getValue();
        data.set("/a/2", Fixture.JSON.readTree("{\"v\":2}"), WriteOptions.DEFAULTS).getValue();
        data.get("/a/1").getValue();
        data.count("/a/*", null).getValue();
        data.publish("/news", Fixture.JSON.readTree("{}"), WriteOptions.DEFAULTS).getValue();

        assertEquals(2, count("set", "memory"));
        assertEquals(1, count("get", "memory"));
        assertEquals(1, count("count", "memory"));
        assertEquals(1, count("publish", "memory"));
    }

    @Test
    void withoutAStatsServiceNothingIsTimed() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, new RecordingPublisher());
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**", DataProvider.NAME, "memory"));
        data.bindStats(stats);
        data.unbindStats(stats);

        data.set("/a/1", Fixture.JSON.readTree("{\"v\":1}"), WriteOptions.DEFAULTS).getValue();

        assertEquals(0, count("set", "memory"));
    }

    @Test
    void eachProviderTimesItsOwnPathsAPatternAcrossThemIsAllAndAPathNoneClaimsFails() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, new RecordingPublisher());
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/a/**", DataProvider.NAME, "memory"));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/b/**", DataProvider.NAME, "disk"));
        data.bindStats(stats);

        data.set("/a/1", Fixture.JSON.readTree("{\"v\":1}"), WriteOptions.DEFAULTS).getValue();
        data.set("/b/1", Fixture.JSON.readTree("{\"v\":1}"), WriteOptions.DEFAULTS).getValue();
        assertEquals(1L, data.count("/b/1", null).getValue(), "an exact path is counted by its own provider");
        assertEquals(2L, data.count("/**", null).getValue());
        Fixture.failure(data.get("/c/1"), DataErrors.NO_PROVIDER);
        Fixture.failure(data.count("/c/1", null), DataErrors.NO_PROVIDER);
        Fixture.failure(data.remove("/c/1", WriteOptions.DEFAULTS), DataErrors.NO_PROVIDER);

        assertEquals(1, count("set", "memory"));
        assertEquals(1, count("set", "disk"));
        assertEquals(1, count("count", "disk"));
        assertEquals(2, count("count", "all"), "the pattern across both, and the path none claims");
        assertEquals(1, count("get", "all"), "a path no provider claims");
    }

    @Test
    void everyOperationIsCountedAndOneInSixteenTimedForAllOfThem() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, new RecordingPublisher());
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**", DataProvider.NAME, "memory"));
        data.bindStats(stats);

        for (int i = 0; i < 1_600; i++) {
            data.get("/a/" + i).getValue();
        }

        assertEquals(1_600, count("get", "memory"), "the count is exact");
        long total = totalNanos.get("switchboard.data.operation" + List.of("operation", "get", "provider", "memory")).get();
        assertTrue(total > 0, "about a hundred gets were timed, each standing for sixteen");
        assertEquals(0, total % DataMeters.SAMPLE, "a timed operation's time is recorded sixteen times over");
    }
}
