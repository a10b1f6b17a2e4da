package io.switchboard.mesh.internal.work;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the work in progress on an instance (calls and event deliveries) and lets its owner wait,
 * bounded, until that work is done once no new work is admitted.
 */
public final class Drain {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    /** @return false when the instance no longer takes work; the caller must not call {@link #exit()} then */
    public boolean enter() {
        inFlight.incrementAndGet();
        if (closing) {
            exit();
            return false;
        }
        return true;
    }

    public void exit() {
        if (inFlight.decrementAndGet() == 0 && closing) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    public boolean closing() {
        return closing;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** From now on {@link #enter()} refuses. */
    public void stopAdmitting() {
        closing = true;
    }

    /** Waits for the work in progress, after {@link #stopAdmitting()}. @return whether it all finished in time */
    public boolean await(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }
}
