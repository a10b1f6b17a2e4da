package io.switchboard.data.internal;

import io.switchboard.stats.Stats;

/**
 * For the benchmarks (bench/jmh, outside OSGi, hence in the data bundle's private package): binds the
 * stats service as SCR does in a runtime, through the service's package-private bind method.
 */
public final class BenchData {

    private BenchData() {
    }

    public static void bindStats(DataServiceImpl data, Stats stats) {
        data.bindStats(stats);
    }
}
