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

    Emission(int targets, PromiseFactory promises) {
        this.open = new AtomicInteger(targets);
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

    Promise<Integer> promise() {
        return done.getPromise();
    }
}
