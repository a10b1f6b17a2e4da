package io.switchboard.queue;

import java.util.concurrent.Executor;

import io.switchboard.queue.internal.SerialLane;

/**
 * Serial, bounded lanes on any executor: the one lane implementation of the runtime, for owners
 * that keep their own threads (the publisher's fan-outs, subscription and mesh mailboxes), as
 * {@link WorkQueue#lane(boolean, Runnable)} makes them on a queue's threads.
 *
 * @since 1.2
 */
public final class Lanes {

    private Lanes() {
    }

    /**
     * A lane whose tasks run one at a time, in order, on the executor's threads, at most
     * {@code capacity} of them held at once.
     *
     * @param name names the lane in its stats and in the {@code queue.full} message
     */
    public static Lane serial(String name, Executor executor, int capacity, OverflowPolicy policy) {
        return new SerialLane(name, executor, null, capacity, policy, false, null);
    }

    /**
     * The same lane, except that a task {@link Lane#execute executed} while the lane is idle runs at
     * once on the caller's thread: no hand-off for short work on a latency path.
     */
    public static Lane direct(String name, Executor executor, int capacity, OverflowPolicy policy) {
        return new SerialLane(name, executor, null, capacity, policy, true, null);
    }
}
