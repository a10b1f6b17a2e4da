package io.switchboard.mesh.internal.event;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.queue.Lane;
import io.switchboard.queue.Lanes;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.queue.QueueFullException;

/**
 * The events waiting for one instance's handlers, run one at a time in arrival order on a shared
 * pool (a serial lane of the queue bundle): events from one emitter reach one subscriber in emit
 * order, and a slow subscriber only delays itself. The lane is bounded: an event that finds
 * {@value #CAPACITY} waiting is refused at once (its delivery fails with {@code queue.full}, so an
 * {@code any} event moves on to another instance) rather than piling up without end.
 */
public final class Mailbox {

    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    static final int CAPACITY = 100_000;

    private final Lane lane;
    /** The jobs posted and not yet started, so that a stopping instance can hand its {@code any} events on. */
    private final Queue<DeliveryJob> waiting = new ConcurrentLinkedQueue<>();
    private volatile DeliveryJob running;
    private volatile long runningSince;

    public Mailbox(Executor executor) {
        this.lane = Lanes.serial("mesh-events", executor, CAPACITY, OverflowPolicy.REJECT);
    }

    public void post(DeliveryJob job) {
        waiting.add(job);
        if (!lane.offer(() -> runOne(job), false)) {
            waiting.remove(job);
            job.settle(new QueueFullException("mesh-events", CAPACITY));
        }
    }

    private void runOne(DeliveryJob job) {
        if (!waiting.remove(job)) { // the head, almost always
            return; // withdrawn meanwhile and handed to another instance: running it here too would deliver it twice
        }
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
    public void withdraw(Predicate<DeliveryJob> which, Consumer<DeliveryJob> taken) {
        for (DeliveryJob job : waiting) {
            if (which.test(job) && waiting.remove(job)) {
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
