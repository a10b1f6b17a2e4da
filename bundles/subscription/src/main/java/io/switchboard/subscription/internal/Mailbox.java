package io.switchboard.subscription.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscription's queue of pending handler calls: a writer only enqueues (so a slow handler
 * never holds up a writer or other subscribers), and at most one pool thread runs the calls, in
 * order. A batch limit keeps a busy subscription from hogging a pool thread.
 */
final class Mailbox {

    private static final int BATCH = 128;

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor pool;

    Mailbox(Executor pool) {
        this.pool = pool;
    }

    void execute(Runnable call) {
        queue.add(call);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::run);
        }
    }

    private void run() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable call = queue.poll();
                if (call == null) {
                    break;
                }
                call.run();
            }
        } finally {
            // even after an error a handler let through, so that the subscription does not stall for good
            scheduled.set(false);
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                pool.execute(this::run);
            }
        }
    }
}
