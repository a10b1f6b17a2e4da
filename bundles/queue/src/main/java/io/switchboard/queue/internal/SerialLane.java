package io.switchboard.queue.internal;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.queue.Lane;
import io.switchboard.queue.LaneStats;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.queue.QueueFullException;
import io.switchboard.system.flush.HeldFlushes;
import io.switchboard.system.log.RateLimitedLog;

/**
 * Runs its tasks one at a time in submission order on its executor's threads: the runtime's one
 * serial lane. At most one drain of a lane is scheduled at a time; a drain gives its thread back
 * after a batch, so one busy lane cannot hold a thread while other lanes wait. A direct lane runs
 * a task that finds it idle on the caller's thread instead, and hands only what piles up behind it
 * to the executor. An after-run hook runs at the end of each run of tasks, while the lane is still
 * owned, so it never overlaps a task of the same lane.
 *
 * <p>Bounded twice when it belongs to a queue: by its own capacity, and by the queue's shared count.
 */
public final class SerialLane implements Lane {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);
    /** A task fails the same way for every client that sends the same request: logged a few times a minute. */
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 10, Duration.ofMinutes(1));
    private static final int BATCH = 64;

    private final String name;
    private final Executor threads;
    private final BoundedQueue queue;
    private final int capacity;
    private final OverflowPolicy policy;
    private final boolean direct;
    private final Runnable afterRun;
    private final Queue<Runnable> tasks;
    private final Runnable drainBatch = this::drainBatch;
    /** Tasks held (waiting or running): the bound. */
    private final AtomicInteger size = new AtomicInteger();
    /** Tasks handed to the lane and not yet run: whoever takes it from 0 runs the lane. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    // written only by the lane's current owner; read for stats (a moment's view)
    private volatile long completed;
    private volatile long failed;

    /**
     * @param queue the queue whose shared count the lane also takes places in, or null for a lane of its own
     */
    public SerialLane(String name, Executor threads, BoundedQueue queue, int capacity, OverflowPolicy policy, boolean direct,
            Runnable afterRun) {
        this(name, threads, queue, capacity, policy, direct, afterRun, new ConcurrentLinkedQueue<>());
    }

    /** @param tasks where tasks wait: a test's own, to hold a submitter between queueing its task and counting it */
    SerialLane(String name, Executor threads, BoundedQueue queue, int capacity, OverflowPolicy policy, boolean direct,
            Runnable afterRun, Queue<Runnable> tasks) {
        this.tasks = tasks;
        if (capacity < 1) {
            throw new IllegalArgumentException("lane " + name + " needs a capacity of at least 1");
        }
        this.name = name;
        this.threads = threads;
        this.queue = queue;
        this.capacity = capacity;
        this.policy = policy;
        this.direct = direct;
        this.afterRun = afterRun;
    }

    @Override
    public void execute(Runnable task) {
        submit(task, direct, policy == OverflowPolicy.REJECT);
    }

    @Override
    public void enqueue(Runnable task) {
        submit(task, false, policy == OverflowPolicy.REJECT);
    }

    @Override
    public boolean offer(Runnable task, boolean mayRunHere) {
        return submit(task, direct && mayRunHere, false);
    }

    @Override
    public LaneStats stats() {
        return new LaneStats(name, size.get(), capacity, policy, completed, failed, dropped.get(), rejected.get());
    }

    private boolean submit(Runnable task, boolean here, boolean throwWhenFull) {
        if (!admit(throwWhenFull)) {
            return false;
        }
        if (here && pending.compareAndSet(0, 1)) {
            if (tasks.isEmpty()) {
                runHere(task); // an idle lane: this thread owns it, and its task needs no place in the queue
                return true;
            }
            // Owned, yet tasks wait: queued by submitters that have not counted them yet, one of which
            // a runner took in place of a counted task, maybe this caller's earlier one. This task goes
            // behind them, and this thread runs the first, as a submitter that counts from 0 does.
            tasks.add(task);
            runHere(tasks.poll());
            return true;
        }
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            if (here) {
                runHere(tasks.poll());
            } else {
                threads.execute(this::drain);
            }
        }
        return true;
    }

    /** Takes a place in the lane (and in its queue), or applies the policy when there is none. */
    private boolean admit(boolean throwWhenFull) {
        while (true) {
            int held = size.get();
            if (held >= capacity) {
                return full(throwWhenFull, capacity);
            }
            if (size.compareAndSet(held, held + 1)) {
                break;
            }
        }
        if (queue != null) {
            try {
                if (!queue.admit()) {
                    size.decrementAndGet();
                    return false; // dropped and counted by the queue
                }
            } catch (QueueFullException e) {
                size.decrementAndGet();
                rejected.incrementAndGet();
                if (throwWhenFull) {
                    throw e;
                }
                return false;
            }
        }
        return true;
    }

    private boolean full(boolean throwWhenFull, int bound) {
        if (policy == OverflowPolicy.DROP) {
            dropped.incrementAndGet();
            return false;
        }
        rejected.incrementAndGet();
        if (throwWhenFull) {
            throw new QueueFullException(name, bound);
        }
        return false;
    }

    /** The lane was idle: this thread owns it for one task (its own, or the one queued first when it claimed the lane). */
    private void runHere(Runnable task) {
        run(task);
        afterRun(); // at once: the caller is on a latency path, and what arrived meanwhile gets its own run
        if (pending.decrementAndGet() > 0) {
            threads.execute(this::drain); // others arrived meanwhile: they wait for the executor's threads
        }
    }

    /**
     * Runs a batch of the lane's tasks on an executor's thread. What they write to connections is
     * flushed once per connection when the batch ends ({@link HeldFlushes}): a session's queued
     * requests, each of which publishes to the same subscribers (a pipelining writer whose sets wait
     * for the store), send each subscriber one write per batch instead of one per publication.
     */
    private void drain() {
        HeldFlushes.during(drainBatch);
    }

    private void drainBatch() {
        for (int ran = 1; ; ran++) {
            run(tasks.poll());
            boolean batchDone = ran == BATCH;
            if (batchDone || pending.get() == 1) {
                afterRun(); // the last task for now (one that arrives meanwhile gets a run of its own)
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (batchDone) {
                threads.execute(this::drain); // more waiting: let other lanes have the thread first
                return;
            }
        }
    }

    /** Runs a task that holds a place, and gives the place back whatever the task does. */
    private void run(Runnable task) {
        boolean threw = false;
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            threw = true;
            failed++;
            FAILURES.warn(name, "a task on the {} lane failed", name, e);
        } finally {
            completed++;
            size.decrementAndGet();
            if (queue != null) {
                queue.done(threw);
            }
        }
    }

    private void afterRun() {
        if (afterRun == null) {
            return;
        }
        try {
            afterRun.run();
        } catch (RuntimeException | Error e) {
            failed++;
            if (queue != null) {
                queue.hookFailed();
            }
            LOG.warn("a lane's after-run hook on the {} lane failed", name, e);
        }
    }
}
