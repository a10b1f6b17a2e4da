package io.switchboard.session.internal;

import java.util.ArrayList;
import java.util.List;

import io.switchboard.queue.Lane;
import io.switchboard.queue.LaneStats;
import io.switchboard.queue.OverflowPolicy;

/**
 * A lane for tests: {@link #execute} runs the task at once on the caller's thread, then the
 * after-run hook, so tests see results without waiting; {@link #enqueue}d tasks wait until
 * {@link #runEnqueued()} runs them as one run, as the queue's thread would.
 */
final class InlineLane implements Lane {

    private final Runnable afterRun;
    private final List<Runnable> enqueued = new ArrayList<>();
    private final boolean holdEnqueued;
    /** The lane's thread is in a run ({@link #busy}): what is executed waits for {@link #runEnqueued}. */
    private boolean busy;

    /** A session's inbound lane for tests: every request runs at once on the caller's thread. */
    static InlineLane inbound() {
        return new InlineLane(() -> { });
    }

    InlineLane(Runnable afterRun) {
        this(afterRun, false);
    }

    InlineLane(Runnable afterRun, boolean holdEnqueued) {
        this.afterRun = afterRun;
        this.holdEnqueued = holdEnqueued;
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (busy || !enqueued.isEmpty()) {
            enqueued.add(task); // the lane is busy with a run: order is kept
            return;
        }
        task.run();
        afterRun.run();
    }

    @Override
    public synchronized void enqueue(Runnable task) {
        enqueued.add(task);
        if (!holdEnqueued) {
            runEnqueued();
        }
    }

    @Override
    public boolean offer(Runnable task, boolean mayRunHere) {
        if (mayRunHere) {
            execute(task);
        } else {
            enqueue(task);
        }
        return true;
    }

    @Override
    public synchronized LaneStats stats() {
        return new LaneStats("test", enqueued.size(), Integer.MAX_VALUE, OverflowPolicy.REJECT, 0, 0, 0, 0);
    }

    /** As if the lane's thread were in a run: tasks wait, even those that may run on the caller's thread. */
    synchronized void busy() {
        busy = true;
    }

    /** Runs what waits as one run of the lane, then the hook once. */
    synchronized void runEnqueued() {
        busy = false;
        List<Runnable> run = List.copyOf(enqueued);
        enqueued.clear();
        run.forEach(Runnable::run);
        afterRun.run();
    }

    synchronized int waiting() {
        return enqueued.size();
    }
}
