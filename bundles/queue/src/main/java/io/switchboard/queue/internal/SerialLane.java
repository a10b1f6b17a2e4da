package io.switchboard.queue.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs its tasks one at a time in submission order on its queue's threads. At most one drain of
 * a lane is scheduled at a time; a drain gives its thread back after a batch, so one busy lane
 * cannot hold a thread while other lanes wait. A direct lane runs a task that finds it idle on
 * the caller's thread instead, and hands only what piles up behind it to the queue's threads.
 */
final class SerialLane implements Executor {

    private static final int BATCH = 64;

    private final BoundedQueue queue;
    private final boolean direct;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    SerialLane(BoundedQueue queue, boolean direct) {
        this.queue = queue;
        this.direct = direct;
    }

    @Override
    public void execute(Runnable task) {
        if (!queue.admit()) {
            return; // dropped and counted by the queue's policy
        }
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            if (direct) {
                runHere();
            } else {
                queue.threads().execute(this::drain);
            }
        }
    }

    /** The lane was idle: this thread owns it for one task, its own (the only one queued when it claimed the lane). */
    private void runHere() {
        queue.runAdmitted(tasks.poll());
        if (pending.decrementAndGet() > 0) {
            queue.threads().execute(this::drain); // others arrived meanwhile: they wait for the queue's threads
        }
    }

    private void drain() {
        for (int ran = 0; ran < BATCH; ran++) {
            queue.runAdmitted(tasks.poll());
            if (pending.decrementAndGet() == 0) {
                return;
            }
        }
        queue.threads().execute(this::drain); // more waiting: let other lanes have the thread first
    }
}
