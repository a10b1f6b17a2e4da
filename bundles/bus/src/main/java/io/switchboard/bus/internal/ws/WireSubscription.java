package io.switchboard.bus.internal.ws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.DeliveryJson;
import io.switchboard.session.Session;

/**
 * A session's subscription to a topic in a group: messages are leased to the session's login and
 * published on the channel of the subscription's id, at most {@code max} unacked at once. Leasing
 * runs on a serial lane of the publication queue whenever the topic may have messages, never on the
 * thread of whoever woke it.
 */
final class WireSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(WireSubscription.class);

    private final BusCore bus;
    private final Executor lane;
    private final Session session;
    private final String id;
    private final String topic;
    private final String group;
    private final String consumer;
    private final int max;
    private final Duration visibility;
    /** Sent and not settled: message id → until when it is leased. */
    private final Map<String, Long> outstanding = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private AutoCloseable watching;
    private AutoCloseable settling;

    WireSubscription(BusCore bus, Executor lane, Session session, String id, String topic, String group, String consumer, int max, Duration visibility) {
        this.bus = bus;
        this.lane = lane;
        this.session = session;
        this.id = id;
        this.topic = topic;
        this.group = group;
        this.consumer = consumer;
        this.max = max;
        this.visibility = visibility;
    }

    void start() {
        watching = bus.watch(topic, this::wake);
        settling = bus.onSettled((who, messageIds) -> {
            if (who.equals(consumer)) {
                boolean removed = false;
                for (String messageId : messageIds) {
                    removed |= outstanding.remove(messageId) != null;
                }
                if (removed) {
                    wake(); // once for a batch
                }
            }
        });
        wake();
    }

    /** Schedules one pump; wake-ups while one waits are folded into it. */
    private void wake() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            try {
                lane.execute(this::pump);
            } catch (RuntimeException full) {
                scheduled.set(false); // the queue is full: the next wake-up (the sweeper's, at the latest) tries again
            }
        }
    }

    private void pump() {
        scheduled.set(false);
        if (closed || !session.isOpen()) {
            return;
        }
        long now = bus.clockMillis();
        outstanding.values().removeIf(until -> until <= now);
        int room = max - outstanding.size();
        if (room <= 0) {
            return;
        }
        List<Delivery> leased;
        try {
            leased = bus.lease(topic, group, consumer, room, visibility);
        } catch (SwitchboardException e) {
            LOG.debug("bus: subscription {} of session {} ends: {}", id, session.id(), e.getMessage());
            session.publish(id, BusActions.JSON.createObjectNode().putObject("error").put("code", e.code()).put("message", e.getMessage()));
            close();
            return;
        }
        long ackTimeout = visibility != null ? visibility.toMillis() : bus.settings(topic).map(io.switchboard.bus.TopicSettings::ackTimeoutMillis).orElse(0L);
        for (Delivery delivery : leased) {
            if (closed) {
                bus.nack(delivery.id(), group, consumer, Duration.ZERO);
                continue;
            }
            outstanding.put(delivery.id(), now + ackTimeout);
            session.publish(id, BusActions.read(DeliveryJson.delivery(delivery)));
        }
    }

    void close() {
        closed = true;
        for (AutoCloseable hook : new AutoCloseable[] {watching, settling}) {
            try {
                if (hook != null) {
                    hook.close();
                }
            } catch (Exception e) {
                // a list removal: it does not fail
            }
        }
    }
}
