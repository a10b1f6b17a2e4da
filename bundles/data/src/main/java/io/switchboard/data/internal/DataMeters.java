package io.switchboard.data.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.switchboard.stats.Stats;
import io.switchboard.stats.Timer;

/**
 * Data operations timed for the stats service (docs/metrics.md), by operation and provider. Made only
 * when a stats service is bound: the data service holds none otherwise, so that it never loads a
 * class of the stats API where there is none (the component test kit, the benchmarks).
 */
final class DataMeters {

    /** Operations and providers are few and the runtime's own; the map is bounded all the same. */
    private static final int SERIES_LIMIT = 256;

    private final Stats stats;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    DataMeters(Stats stats) {
        this.stats = stats;
    }

    Stats stats() {
        return stats;
    }

    void record(String operation, String provider, long nanos) {
        String key = operation + '\n' + provider;
        Timer timer = timers.get(key);
        if (timer == null) {
            if (timers.size() >= SERIES_LIMIT) {
                return;
            }
            timer = timers.computeIfAbsent(key, k -> stats.timer("switchboard.data.operation",
                    "data operations (set, publish, increment, get, find, count, remove) until the store answered, by provider",
                    "operation", operation, "provider", provider));
        }
        timer.record(nanos);
    }
}
