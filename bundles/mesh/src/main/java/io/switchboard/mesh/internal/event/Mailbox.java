package io.switchboard.mesh.internal.event;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events waiting for one instance's handlers, run one at a time in arrival order on a shared
 * pool: events from one emitter reach one subscriber in emit order, and a slow subscriber only
 * delays itself.
 */
public final class Mailbox implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    private static final int BATCH = 256;

    private final Queue<DeliveryJob> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private volatile DeliveryJob running;
    private volatile long runningSince;

    public Mailbox(Executor executor) {
        this.executor = executor;
    }

    public void post(DeliveryJob job) {
        queue.add(job);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this);
        }
    }

    @Override
    public void run() {
        try {
            DeliveryJob job;
            int done = 0;
            while (done++ < BATCH && (job = queue.poll()) != null) {
                runOne(job);
            }
        } finally {
            // Whatever happened, the mailbox must be schedulable again, or its later events never run.
            scheduled.set(false);
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                executor.execute(this);
            }
        }
    }

    private void runOne(DeliveryJob job) {
        runningSince = System.nanoTime();
        running = job;
        try {
            job.run();
        } catch (RuntimeException e) {
            // The handler's own failures are settled inside the job; this is what reporting the outcome threw.
            LOG.error("reporting the outcome of event {} failed; the next events go on", job.event(), e);
        } finally {
            running = null;
        }
    }

    /** Takes the waiting jobs that match out of the queue and gives them to {@code taken}. */
    public void withdraw(Predicate<DeliveryJob> which, java.util.function.Consumer<DeliveryJob> taken) {
        for (DeliveryJob job : queue) {
            if (which.test(job) && queue.remove(job)) {
                taken.accept(job);
            }
        }
    }

    /** The job whose handler has been running longer than {@code nanos}, or null. */
    public DeliveryJob overdue(long nanos) {
        DeliveryJob current = running;
        return current != null && System.nanoTime() - runningSince > nanos ? current : null;
    }
}
