package io.switchboard.stats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;
import io.switchboard.stats.StatsSnapshot;

class MicrometerStatsTest {

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SeriesLimit limit = new SeriesLimit(3);
    private final Stats stats;

    MicrometerStatsTest() {
        registry.config().meterFilter(limit).onMeterRemoved(limit::removed);
        registry.add(prometheus);
        stats = new MicrometerStats(registry, "node-a", Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC), () -> {
        });
    }

    @Test
    void countersTimersAndGaugesAreExportedWithPrometheusNamesInBaseUnits() {
        stats.counter("switchboard.session.frames", "frames", "protocol", "switchboard.v1", "direction", "in").add(3);
        stats.timer("switchboard.data.operation", "data operations", "operation", "get", "provider", "memory").record(2_000_000_000L);
        stats.gauge("switchboard.test.level", "a level", () -> 7.5);

        String text = prometheus.scrape();

        assertTrue(text.contains("switchboard_session_frames_total{direction=\"in\",protocol=\"switchboard.v1\"} 3.0"), text);
        assertTrue(text.contains("switchboard_data_operation_seconds_count{operation=\"get\",provider=\"memory\"} 1"), text);
        assertTrue(text.contains("switchboard_data_operation_seconds_sum{operation=\"get\",provider=\"memory\"} 2.0"), text);
        assertTrue(text.contains("switchboard_test_level 7.5"), text);
    }

    @Test
    void askingAgainGivesTheSameCounterAndACountNeverGoesDown() {
        stats.counter("switchboard.test.asked", "asked twice", "k", "v").add(2);
        stats.counter("switchboard.test.asked", "asked twice", "k", "v").add(3);
        stats.counter("switchboard.test.asked", "asked twice", "k", "v").add(-10);

        assertTrue(prometheus.scrape().contains("switchboard_test_asked_total{k=\"v\"} 5.0"), prometheus.scrape());
    }

    @Test
    void theSnapshotCarriesTheInstanceNameAndEveryValue() {
        stats.counter("switchboard.security.logins", "logins", "result", "success").increment();

        StatsSnapshot snapshot = stats.snapshot();

        assertEquals("node-a", snapshot.instance());
        StatsSnapshot.Metric logins = snapshot.metrics().stream().filter(m -> m.name().equals("switchboard.security.logins")).findFirst().orElseThrow();
        assertEquals("counter", logins.kind());
        assertEquals("success", logins.labels().get("result"));
        assertEquals(1.0, logins.values().get("count"));
    }

    @Test
    void aMetricHasAtMostTheLimitOfLabelCombinationsAndTheRestCountsNothing() {
        for (int i = 0; i < 5; i++) {
            stats.counter("switchboard.test.keyed", "keyed by input", "key", "k" + i).increment();
        }
        Counter beyond = stats.counter("switchboard.test.keyed", "keyed by input", "key", "k9");
        beyond.add(100);

        String text = prometheus.scrape();
        assertEquals(3, text.lines().filter(line -> line.startsWith("switchboard_test_keyed_total{")).count(), text);
        assertTrue(!text.contains("k9"), text);
    }

    @Test
    void malformedNamesAndLabelsAreRefusedWithAClearMessage() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> stats.counter("Switchboard Frames", "x"));
        assertTrue(name.getMessage().contains("dotted lower-case"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> stats.counter("switchboard.x", "x", "protocol"));
        assertThrows(IllegalArgumentException.class, () -> stats.counter("switchboard.x", "x", "Bad Key", "v"));
    }

    @Test
    void readingsRegisterNewSeriesAndRemoveThoseNoLongerReported() {
        Readings readings = new Readings(registry);
        readings.begin();
        readings.gauge("switchboard.queue.depth", "depth", 4, "queue", "inbound");
        readings.counter("switchboard.queue.tasks.completed", "done", 10, "queue", "inbound");
        readings.end();
        assertTrue(prometheus.scrape().contains("switchboard_queue_depth{queue=\"inbound\"} 4.0"));
        assertTrue(prometheus.scrape().contains("switchboard_queue_tasks_completed_total{queue=\"inbound\"} 10.0"));

        readings.begin();
        readings.counter("switchboard.queue.tasks.completed", "done", 12, "queue", "inbound");
        readings.end();

        String text = prometheus.scrape();
        assertTrue(text.contains("switchboard_queue_tasks_completed_total{queue=\"inbound\"} 12.0"), text);
        assertTrue(!text.contains("switchboard_queue_depth{"), text);
    }

    @Test
    void aFunctionCounterIsReadWhenExportedUntilItsRegistrationIsClosed() {
        long[] kept = {5};
        Stats.Registration registration = stats.functionCounter("switchboard.test.kept", "kept by the caller", () -> kept[0], "k", "v");
        assertTrue(prometheus.scrape().contains("switchboard_test_kept_total{k=\"v\"} 5.0"), prometheus.scrape());
        kept[0] = 8;
        assertTrue(prometheus.scrape().contains("switchboard_test_kept_total{k=\"v\"} 8.0"), prometheus.scrape());
        assertEquals(8.0, stats.snapshot().metrics().stream().filter(m -> m.name().equals("switchboard.test.kept")).findFirst()
                .orElseThrow().values().get("count"));

        registration.close();

        assertTrue(!prometheus.scrape().contains("switchboard_test_kept_total"), prometheus.scrape());
    }
}
