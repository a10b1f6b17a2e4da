package io.switchboard.queue.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.log.RateLimitedLog;

import io.switchboard.queue.Lane;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.queue.QueueFullException;
import io.switchboard.queue.QueueStats;
import io.switchboard.queue.WorkQueue;

/**
 * A queue with a fixed set of threads and a capacity counted over everything it holds, its
 * lanes' pending tasks included. The executor's own queue is unbounded on purpose: the bound is
 * the admission counter here, which lanes share.
 */
final class BoundedQueue implements WorkQueue {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedQueue.class);
    /**
     * A task fails the same way for every client that sends the same request (a deep document
     * overflowing the stack): its failures are logged a few times a minute, with a cut stack.
     */
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 10, java.time.Duration.ofMinutes(1));

    private final String name;
    private final int capacity;
    private final int threads;
    private final OverflowPolicy policy;
    private final ThreadPoolExecutor executor;
    private final AtomicInteger depth = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    BoundedQueue(String name, int capacity, int threads, OverflowPolicy policy) {
        if (capacity < 1 || threads < 1) {
            throw new IllegalArgumentException("queue " + name + " needs a capacity and threads of at least 1");
        }
        this.name = name;
        this.capacity = capacity;
        this.threads = threads;
        this.policy = policy;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threadsNamed(name));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean submit(Runnable task) {
        if (!admit()) {
            return false;
        }
        try {
            executor.execute(() -> runAdmitted(task));
        } catch (RejectedExecutionException stopped) {
            depth.decrementAndGet(); // the queue is stopping: the place is given back, and the caller hears why
            throw stopped;
        }
        return true;
    }

    @Override
    public Executor lane() {
        return new SerialLane(name, executor, this, capacity, policy, false, null);
    }

    @Override
    public Executor directLane() {
        return new SerialLane(name, executor, this, capacity, policy, true, null);
    }

    @Override
    public Lane lane(boolean direct, Runnable afterRun) {
        return new SerialLane(name, executor, this, capacity, policy, direct, afterRun);
    }

    @Override
    public QueueStats stats() {
        return new QueueStats(name, depth.get(), capacity, threads, policy,
                completed.sum(), failed.sum(), dropped.sum(), rejected.sum());
    }

    /** Takes a place in the queue, or applies the policy when there is none. */
    boolean admit() {
        while (true) {
            int current = depth.get();
            if (current >= capacity) {
                if (policy == OverflowPolicy.DROP) {
                    dropped.increment();
                    return false;
                }
                rejected.increment();
                throw new QueueFullException(name, capacity);
            }
            if (depth.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Runs a task that holds a place, and gives the place back whatever the task does. */
    void runAdmitted(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            failed.increment();
            FAILURES.warn(name, "a task on the {} queue failed", name, e);
        } finally {
            depth.decrementAndGet();
            completed.increment();
        }
    }

    /** A lane's after-run hook failed (the lane logs that): counted as a task's failure is. */
    void hookFailed() {
        failed.increment();
    }

    /** A lane's task that held a place has run, or failed (the lane logs that). */
    void done(boolean taskFailed) {
        if (taskFailed) {
            failed.increment();
        }
        depth.decrementAndGet();
        completed.increment();
    }

    void shutdown(long timeoutMillis) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
            LOG.warn("the {} queue still had {} tasks after {} ms; stopping them", name, depth.get(), timeoutMillis);
            executor.shutdownNow();
        }
    }

    private static ThreadFactory threadsNamed(String queue) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "switchboard-" + queue + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
