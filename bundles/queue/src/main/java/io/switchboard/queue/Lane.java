package io.switchboard.queue;

import java.util.concurrent.Executor;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A serial lane made by {@link WorkQueue#lane(boolean, Runnable)}: its tasks run one at a time in
 * the order given, count against its queue's capacity, and meet the queue's overflow policy the
 * same way as any lane's. {@link #execute} runs a task on the caller's thread when the lane is
 * idle and direct; {@link #enqueue} always leaves it to the queue's threads.
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
}
