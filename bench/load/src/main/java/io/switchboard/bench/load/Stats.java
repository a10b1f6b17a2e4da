package io.switchboard.bench.load;

import java.util.Arrays;

/** Percentiles of recorded latencies, in nanoseconds. */
final class Stats {

    private final long[] values;
    private int size;

    Stats(int capacity) {
        values = new long[capacity];
    }

    void add(long nanos) {
        if (size < values.length) {
            values[size++] = nanos;
        }
    }

    int size() {
        return size;
    }

    /** The p-th percentile (0..1) in microseconds. */
    double micros(double p) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1_000.0;
    }
}
