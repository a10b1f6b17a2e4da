package io.switchboard.queue.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs its tasks one at a time in submission order on its queue's threads. At most one drain of
 * a lane is scheduled at a time; a drain gives its thread back after a batch, so one busy lane
 * cannot hold a thread while other lanes wait.
 */
final class SerialLane implements Executor {

    private static final int BATCH = 64;

    private final BoundedQueue queue;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    SerialLane(BoundedQueue queue) {
        this.queue = queue;
    }

    @Override
    public void execute(Runnable task) {
        if (!queue.admit()) {
            return; // dropped and counted by the queue's policy
        }
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            queue.threads().execute(this::drain);
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
