package io.switchboard.data.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.switchboard.stats.Stats;
import io.switchboard.stats.Timer;

/**
 * Data operations counted and timed for the stats service (docs/metrics.md), by operation and
 * provider; one in {@link #SAMPLE} is timed. Made only
 * when a stats service is bound: the data service holds none otherwise, so that it never loads a
 * class of the stats API where there is none (the component test kit, the benchmarks). A timer is
 * found by the provider's identity and the operation's index: nothing is built per operation.
 */
final class DataMeters {

    static final int SET = 0;
    static final int PUBLISH = 1;
    static final int INCREMENT = 2;
    static final int GET = 3;
    static final int FIND = 4;
    static final int COUNT = 5;
    static final int REMOVE = 6;
    private static final List<String> OPERATIONS = List.of("set", "publish", "increment", "get", "find", "count", "remove");
    /** The label of a pattern that several providers answer. */
    static final Object ALL = new Object();

    private final Stats stats;
    /** A provider's label, asked once per provider, when its timers are made. */
    private final Function<Object, String> names;
    /** By provider (its identity, or {@link #ALL}); providers are services, so this stays small. */
    private final Map<Object, Timer[]> timers = new ConcurrentHashMap<>();

    DataMeters(Stats stats, Function<Object, String> names) {
        this.stats = stats;
        this.names = names;
    }

    Stats stats() {
        return stats;
    }

    /**
     * One operation in this many is timed; each of the others is counted with no time, and a timed
     * one stands for all of them: its time is recorded this many times over. The count is exact, the
     * total time an estimate (unbiased; within a few per cent over the thousands of operations of a
     * busy scrape interval).
     */
    static final int SAMPLE = 16;

    /** Whether to time this operation: one in {@link #SAMPLE}, at random (a thread-local draw, no shared state). */
    static boolean sampled() {
        return ThreadLocalRandom.current().nextInt(SAMPLE) == 0;
    }

    /** An operation not timed (see {@link #SAMPLE}). @param provider the provider that served it, or {@link #ALL} */
    void count(int operation, Object provider) {
        timers(provider)[operation].record(0);
    }

    /** A timed operation, standing for {@link #SAMPLE} of them: counted once, its time recorded {@link #SAMPLE} times over. */
    void timed(int operation, Object provider, long nanos) {
        timers(provider)[operation].record(Math.max(0, nanos) * SAMPLE);
    }

    private Timer[] timers(Object provider) {
        Timer[] byOperation = timers.get(provider);
        return byOperation != null ? byOperation : timers.computeIfAbsent(provider, p -> create(names.apply(p)));
    }

    private Timer[] create(String providerName) {
        Timer[] made = new Timer[OPERATIONS.size()];
        for (int i = 0; i < made.length; i++) {
            made[i] = stats.timer("switchboard.data.operation",
                    "data operations (set, publish, increment, get, find, count, remove) until the store answered, by provider",
                    "operation", OPERATIONS.get(i), "provider", providerName);
        }
        return made;
    }

    /** A provider gone: its timers are forgotten here (the series stay in the registry until it restarts). */
    void forget(Object provider) {
        timers.remove(provider);
    }
}
