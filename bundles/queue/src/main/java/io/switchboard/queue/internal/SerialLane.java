package io.switchboard.queue.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.switchboard.queue.Lane;

/**
 * Runs its tasks one at a time in submission order on its queue's threads. At most one drain of
 * a lane is scheduled at a time; a drain gives its thread back after a batch, so one busy lane
 * cannot hold a thread while other lanes wait. A direct lane runs a task that finds it idle on
 * the caller's thread instead, and hands only what piles up behind it to the queue's threads.
 * An after-run hook runs at the end of each run of tasks, while the lane is still owned, so it
 * never overlaps a task of the same lane.
 */
final class SerialLane implements Lane {

    private static final int BATCH = 64;

    private final BoundedQueue queue;
    private final boolean direct;
    private final Runnable afterRun;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    SerialLane(BoundedQueue queue, boolean direct, Runnable afterRun) {
        this.queue = queue;
        this.direct = direct;
        this.afterRun = afterRun;
    }

    @Override
    public void execute(Runnable task) {
        submit(task, direct);
    }

    @Override
    public void enqueue(Runnable task) {
        submit(task, false);
    }

    private void submit(Runnable task, boolean here) {
        if (!queue.admit()) {
            return; // dropped and counted by the queue's policy
        }
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            if (here) {
                runHere();
            } else {
                queue.threads().execute(this::drain);
            }
        }
    }

    /** The lane was idle: this thread owns it for one task, its own (the only one queued when it claimed the lane). */
    private void runHere() {
        queue.runAdmitted(tasks.poll());
        afterRun(); // at once: the caller is on a latency path, and what arrived meanwhile gets its own run
        if (pending.decrementAndGet() > 0) {
            queue.threads().execute(this::drain); // others arrived meanwhile: they wait for the queue's threads
        }
    }

    private void drain() {
        for (int ran = 1; ; ran++) {
            queue.runAdmitted(tasks.poll());
            boolean batchDone = ran == BATCH;
            if (batchDone || pending.get() == 1) {
                afterRun(); // the last task for now (one that arrives meanwhile gets a run of its own)
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (batchDone) {
                queue.threads().execute(this::drain); // more waiting: let other lanes have the thread first
                return;
            }
        }
    }

    private void afterRun() {
        if (afterRun != null) {
            queue.runHook(afterRun);
        }
    }
}
