package io.switchboard.queue;

import java.util.concurrent.Executor;

import org.osgi.annotation.versioning.ProviderType;

/** One bounded queue with its own threads. */
@ProviderType
public interface WorkQueue {

    String name();

    /**
     * Runs the task on one of this queue's threads.
     *
     * @return true when queued; false when the queue was full and dropped it (policy DROP)
     * @throws QueueFullException when the queue is full and its policy is REJECT
     */
    boolean submit(Runnable task);

    /**
     * A new serial lane: tasks given to it run one at a time, in the order given, on this queue's
     * threads, and count against this queue's capacity. A full queue applies its policy to a lane's
     * {@link Executor#execute} the same way (a REJECT queue throws {@link QueueFullException}; a
     * DROP queue drops silently and counts it).
     */
    Executor lane();

    /**
     * A new serial lane like {@link #lane()}, except that a task given while the lane is idle runs
     * at once on the caller's thread, and only tasks that arrive while it is busy wait for this
     * queue's threads. For short, non-blocking work on a latency path, where a thread hand-off
     * would cost more than the work; order and the capacity count are kept as in {@link #lane()}.
     */
    Executor directLane();

    /**
     * A new serial lane like {@link #lane()} ({@code direct} false) or {@link #directLane()}
     * ({@code direct} true), which also calls {@code afterRun} on the lane's thread after each run
     * of tasks: when it has nothing left to run, and before it gives its thread back to other lanes.
     * For work that pays once per run rather than once per task, such as flushing to the socket
     * what the tasks wrote to a buffer ({@code null} for none, since 1.2). A failure of
     * {@code afterRun} is logged, and the lane goes on.
     */
    Lane lane(boolean direct, Runnable afterRun);

    QueueStats stats();
}
