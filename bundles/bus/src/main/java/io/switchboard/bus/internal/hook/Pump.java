package io.switchboard.bus.internal.hook;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.spi.TopicQueue;

/**
 * Moves one subscription's (or routing rule's) messages from its consumer group to its sink: leases
 * as many as it has free slots ({@code maxInFlight}) once at least half of them are free (a lease
 * per batch, not per answer, when the callback is busy), sends each without waiting (a slow callback
 * holds its own slots, no thread and no other pump), acks what was taken, and nacks what failed
 * with a back-off, so that the bus counts the attempt against the topic's {@code maxDeliveries} and
 * dead-letters the message after the last one, as for any consumer. The lease's visibility outlasts
 * the sink's timeout, so a message whose attempt is lost with the runtime is delivered again.
 */
public final class Pump {

    private static final Logger LOG = LoggerFactory.getLogger(Pump.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final BusCore bus;
    private final String topic;
    private final String group;
    private final String consumer;
    private final Predicate<Delivery> wanted;
    private final Sink sink;
    private final Backoff backoff;
    private final Duration visibility;
    private final Executor executor;
    private final Semaphore slots;
    private final int maxInFlight;
    /** The fewest free slots worth a lease: half of them, so that a busy pump leases in batches, not once per answer. */
    private final int batch;
    private final Runnable onGone;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The last lease found fewer than it asked for: answers need not lease again until a publish, nack or the tick wakes it. */
    private volatile boolean drained;
    private volatile boolean stopped;
    private volatile AutoCloseable watch;

    // what a client sees of it
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile int lastStatus;
    private volatile String lastError;
    private volatile long lastAttemptAt;
    private volatile long lastDeliveredAt;
    /** The last messages given up on, with the last attempt's status and error (also in their dead letters). */
    private final java.util.Deque<ObjectNode> gaveUp = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicLong deadLettered = new AtomicLong();
    static final int RECENT_DEAD_LETTERS = 20;

    Pump(BusCore bus, String topic, String group, String consumer, Predicate<Delivery> wanted, Sink sink, Backoff backoff, Duration visibility,
            int maxInFlight, Executor executor, Runnable onGone) {
        this.bus = bus;
        this.topic = topic;
        this.group = group;
        this.consumer = consumer;
        this.wanted = wanted;
        this.sink = sink;
        this.backoff = backoff;
        this.visibility = visibility;
        this.executor = executor;
        this.slots = new Semaphore(maxInFlight);
        this.maxInFlight = maxInFlight;
        this.batch = (maxInFlight + 1) / 2;
        this.onGone = onGone;
    }

    /** Asks for a round soon; rounds asked for while one is pending are one. */
    public void wake() {
        if (!stopped && scheduled.compareAndSet(false, true)) {
            executor.execute(this::round);
        }
    }

    /** Watches the topic (a publish, nack or sweep wakes it) when not already watching; the topic may not exist yet. */
    void watch() {
        if (watch == null && !stopped) {
            try {
                watch = bus.watch(topic, this::wake);
            } catch (SwitchboardException e) {
                // no such topic now: the engine's tick tries again
            }
        }
    }

    boolean stopped() {
        return stopped;
    }

    public void stop() {
        stopped = true;
        unwatch();
    }

    private void unwatch() {
        AutoCloseable handle = watch;
        watch = null;
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                // nothing held
            }
        }
    }

    private synchronized void round() {
        scheduled.set(false);
        if (stopped) {
            return;
        }
        int free = slots.availablePermits();
        if (free < batch) {
            return; // the answers still out wake it when half the slots are free
        }
        List<Delivery> leased;
        try {
            leased = bus.lease(topic, group, consumer, free, visibility);
        } catch (SwitchboardException e) {
            if (!e.getMessage().equals(lastError)) {
                LOG.debug("bus hooks: {} cannot lease from topic {}: {}", consumer, topic, e.getMessage());
            }
            lastError = e.getMessage();
            if (e.code().equals(io.switchboard.bus.BusErrors.UNKNOWN_TOPIC)) {
                unwatch(); // the engine's tick watches again should the topic come back
            }
            return;
        }
        for (Delivery delivery : leased) {
            if (!wanted.test(delivery)) {
                skipped.incrementAndGet();
                settle(delivery, null);
                continue;
            }
            slots.acquireUninterruptibly(); // never waits: one round at a time, leasing no more than the free slots
            sink.send(delivery).whenComplete((outcome, failure) -> {
                try {
                    settle(delivery, outcome != null ? outcome : Sink.Outcome.failed(0, String.valueOf(failure)));
                } finally {
                    slots.release();
                    if (!drained && slots.availablePermits() >= batch) {
                        wake();
                    }
                }
            });
        }
        drained = leased.size() < free;
        if (!drained) {
            wake(); // there may be more
        }
    }

    /** Acks a delivered (or unwanted: null) message, or nacks a failed one with its back-off; a gone callback ends the subscription. */
    private void settle(Delivery delivery, Sink.Outcome outcome) {
        try {
            if (outcome == null) {
                bus.ack(delivery.id(), group, consumer);
                return;
            }
            lastAttemptAt = bus.clockMillis();
            lastStatus = outcome.status();
            if (outcome.delivered()) {
                delivered.incrementAndGet();
                lastDeliveredAt = lastAttemptAt;
                bus.ack(delivery.id(), group, consumer);
                return;
            }
            failed.incrementAndGet();
            lastError = outcome.error();
            if (outcome.gone()) {
                bus.ack(delivery.id(), group, consumer);
                onGone.run();
                return;
            }
            int max = bus.settings(topic).map(TopicSettings::maxDeliveries).orElse(1);
            long delay = delivery.deliveries() >= max ? 0 : backoff.delayMillis(delivery.deliveries()); // the last: dead-lettered at the next lease
            if (delivery.deliveries() >= max) {
                deadLettered.incrementAndGet();
                gaveUp.addFirst(JSON.createObjectNode().put("id", delivery.id())
                        .put("deliveries", delivery.deliveries()).put("lastStatus", outcome.status()).put("lastError", outcome.error()).put("at", lastAttemptAt));
                while (gaveUp.size() > RECENT_DEAD_LETTERS) {
                    gaveUp.pollLast();
                }
                LOG.info("bus hooks: {} gave up on message {} after {} deliveries (last status {}, {}); it is dead-lettered", consumer, delivery.id(),
                        delivery.deliveries(), outcome.status(), outcome.error());
            }
            bus.nack(delivery.id(), group, consumer, Duration.ofMillis(delay), new TopicQueue.Failure(outcome.status(), outcome.error()));
        } catch (SwitchboardException e) {
            // its lease ran out meanwhile (it will be delivered again), or the topic went away
            LOG.debug("bus hooks: {} could not settle {}: {}", consumer, delivery.id(), e.getMessage());
        }
    }

    /** Epoch milliseconds of the last delivery its sink took; 0 for none. */
    long lastDeliveredAt() {
        return lastDeliveredAt;
    }

    /** The numbers and last attempt, added to a subscription's or rule's JSON. */
    public void describe(ObjectNode json) {
        json.put("delivered", delivered.get()).put("failed", failed.get()).put("skipped", skipped.get()).put("inFlight",
                slots.availablePermits() < 0 ? 0 : maxInFlight - slots.availablePermits());
        if (lastAttemptAt > 0) {
            json.put("lastAttemptAt", lastAttemptAt).put("lastStatus", lastStatus);
        }
        if (lastError != null) {
            json.put("lastError", lastError);
        }
        json.put("deadLettered", deadLettered.get());
        if (!gaveUp.isEmpty()) {
            gaveUp.forEach(json.putArray("recentDeadLetters")::add);
        }
    }

}
