package io.switchboard.bus.internal.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exponential back-off with equal jitter, capped. */
class BackoffTest {

    @Test
    void theWaitDoublesPerDeliveryUpToTheCap() {
        Backoff none = new Backoff(1000, 60_000, bound -> 0);
        Backoff all = new Backoff(1000, 60_000, bound -> bound - 1);
        assertEquals(500, none.delayMillis(1));
        assertEquals(1000, all.delayMillis(1));
        assertEquals(1000, none.delayMillis(2));
        assertEquals(2000, all.delayMillis(2));
        assertEquals(8000, all.delayMillis(4));
        assertEquals(60_000, all.delayMillis(30), "capped");
        assertEquals(60_000, all.delayMillis(Integer.MAX_VALUE), "no overflow");
        assertEquals(30_000, none.delayMillis(Integer.MAX_VALUE));
    }

    @Test
    void jitterSpreadsRetriesOverTheUpperHalf() {
        Backoff backoff = new Backoff(1000, 60_000, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            long delay = backoff.delayMillis(3);
            assertTrue(delay >= 2000 && delay <= 4000, "delay " + delay);
            seen.add(delay);
        }
        assertTrue(seen.size() > 50, "spread out: " + seen.size());
    }
}
