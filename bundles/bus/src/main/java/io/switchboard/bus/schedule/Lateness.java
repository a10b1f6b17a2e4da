package io.switchboard.bus.schedule;

import java.util.Arrays;

/** How late the last firings were (from due time to stored), for the timer's figures: a ring of the last {@value #SIZE}. */
final class Lateness {

    private static final int SIZE = 10_000;
    private final long[] ring = new long[SIZE];
    private long count;

    synchronized void record(long millis) {
        ring[(int) (count++ % SIZE)] = Math.max(0, millis);
    }

    synchronized long count() {
        return count;
    }

    /** The given percentile (0 to 100) of the firings kept, in milliseconds; 0 with none. */
    synchronized long percentile(double percent) {
        int n = (int) Math.min(count, SIZE);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        int at = (int) Math.ceil(percent / 100 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, at))];
    }
}
