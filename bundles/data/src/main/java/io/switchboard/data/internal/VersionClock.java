package io.switchboard.data.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out item versions: strictly increasing, and close to the wall clock in microseconds, so that
 * versions keep growing across restarts of a persistent store without having to read the highest
 * stored one first (as long as the clock does not go back and fewer than a million writes a second
 * are sustained for long).
 */
final class VersionClock {

    private final AtomicLong last = new AtomicLong();

    long next() {
        long now = System.currentTimeMillis() * 1000;
        while (true) { // a plain CAS loop: runs on every write, and a capturing lambda would allocate
            long previous = last.get();
            long next = Math.max(previous + 1, now);
            if (last.compareAndSet(previous, next)) {
                return next;
            }
        }
    }

    long millis() {
        return System.currentTimeMillis();
    }
}
