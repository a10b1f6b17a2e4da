package io.switchboard.bus.internal.hook;

import java.util.function.LongUnaryOperator;

/**
 * The wait before a failed delivery is tried again: {@code base * 2^(deliveries-1)}, at most
 * {@code max}, of which a random half is taken off ("equal jitter"), so that the retries of many
 * deliveries failing at once spread out instead of arriving together.
 */
final class Backoff {

    private final long base;
    private final long max;
    /** Given a bound n, a random number in [0, n): ThreadLocalRandom, or a fixed one in tests. */
    private final LongUnaryOperator random;

    Backoff(long base, long max, LongUnaryOperator random) {
        this.base = Math.max(1, base);
        this.max = Math.max(this.base, max);
        this.random = random;
    }

    /** @param deliveries how many times the message has been delivered, the failed one included (1 or more) */
    long delayMillis(int deliveries) {
        int doublings = Math.min(Math.max(deliveries - 1, 0), 40);
        long full = base > max >> doublings ? max : Math.min(max, base << doublings);
        long half = full / 2;
        return full - half + (half == 0 ? 0 : random.applyAsLong(half + 1));
    }
}
