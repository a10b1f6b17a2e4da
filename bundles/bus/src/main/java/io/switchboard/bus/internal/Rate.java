package io.switchboard.bus.internal;

/** Events per second over the last minute, in one-second buckets, by a clock's milliseconds. Thread-safe. */
final class Rate {

    private static final int SECONDS = 60;

    private final long[] counts = new long[SECONDS];
    private final long[] seconds = new long[SECONDS];
    private long total;

    synchronized void add(long nowMillis, long count) {
        long second = nowMillis / 1000;
        int slot = (int) (second % SECONDS);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += count;
        total += count;
    }

    synchronized double perSecond(long nowMillis) {
        long second = nowMillis / 1000;
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second - seconds[i] < SECONDS) {
                sum += counts[i];
            }
        }
        return sum / (double) SECONDS;
    }

    synchronized long total() {
        return total;
    }
}
