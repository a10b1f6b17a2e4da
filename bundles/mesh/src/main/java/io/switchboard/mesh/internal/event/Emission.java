package io.switchboard.mesh.internal.event;

import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

/** One emitted event's progress: how many targets are still open and how many acknowledged. */
final class Emission {

    private final AtomicInteger open;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final Deferred<Integer> done;
    private final EventStats.PerEvent counts;

    /** @param counts the event's own counts, looked up once for every delivery of this emission */
    Emission(int targets, PromiseFactory promises, EventStats.PerEvent counts) {
        this.open = new AtomicInteger(targets);
        this.counts = counts;
        this.done = promises.deferred();
        if (targets == 0) {
            done.resolve(0);
        }
    }

    /** A target finished: acknowledged, or given up on. */
    void settle(boolean acked) {
        if (acked) {
            acknowledged.incrementAndGet();
        }
        if (open.decrementAndGet() == 0) {
            done.resolve(acknowledged.get());
        }
    }

    EventStats.PerEvent counts() {
        return counts;
    }

    Promise<Integer> promise() {
        return done.getPromise();
    }
}
