package io.switchboard.publisher.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one publisher's fan-outs one at a time, in submission order, so that its publications reach
 * every recipient in the order they were made, whatever their consistency level.
 *
 * <p>A TRANSACTIONAL write whose lane is idle fans out on the writer's own thread ({@link #tryInline});
 * otherwise, and for QUEUED and DEFERRED writes, the work waits in the lane and a pool thread runs it.
 */
final class Lane {

    private static final int BATCH = 256;

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Executor pool;

    Lane(Executor pool) {
        this.pool = pool;
    }

    /** Runs the task now on this thread if nothing is queued or running; returns false otherwise. */
    boolean tryInline(Runnable task) {
        if (!queue.isEmpty() || !running.compareAndSet(false, true)) {
            return false;
        }
        try {
            task.run();
        } finally {
            release();
        }
        return true;
    }

    /** Queues the task behind everything already submitted. */
    void submit(Runnable task) {
        queue.add(task);
        if (running.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = queue.poll();
                if (task == null) {
                    break;
                }
                task.run();
            }
        } finally {
            release();
        }
    }

    /** Lets go of the lane, handing it to a pool thread if work arrived meanwhile. */
    private void release() {
        running.set(false);
        if (!queue.isEmpty() && running.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }
}
