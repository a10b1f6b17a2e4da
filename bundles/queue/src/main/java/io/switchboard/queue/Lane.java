package io.switchboard.queue;

import java.util.concurrent.Executor;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A serial lane, made by {@link WorkQueue#lane(boolean, Runnable)} or {@link Lanes#serial}: its
 * tasks run one at a time in the order given, on its executor's threads. It holds at most its
 * capacity of tasks (a queue's lane counts against the queue's capacity too) and applies its
 * overflow policy beyond: REJECT throws {@link QueueFullException}, DROP drops and counts.
 * {@link #execute} runs a task on the caller's thread when the lane is idle and direct;
 * {@link #enqueue} always leaves it to the executor's threads.
 */
@ProviderType
public interface Lane extends Executor {

    /**
     * Like {@link #execute}, but the task never runs on the caller's thread, even on an idle
     * direct lane: for a caller that should go on at once (an event fanned out to many lanes) and
     * for work that gains from being run together with what follows it. Order with tasks given
     * by {@link #execute} is kept.
     *
     * @throws QueueFullException when the queue is full and its policy is REJECT
     */
    void enqueue(Runnable task);

    /**
     * Like {@link #execute} ({@code mayRunHere} true) or {@link #enqueue} (false), but says whether
     * the task was taken rather than throwing: false when the lane is full, whatever its policy
     * (the refusal or the drop is counted as such). For an owner that must answer for every task.
     *
     * @since 1.2
     */
    boolean offer(Runnable task, boolean mayRunHere);

    /** @since 1.2 */
    LaneStats stats();
}
