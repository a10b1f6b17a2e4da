package io.switchboard.subscription.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.data.path.PathPattern;
import io.switchboard.publisher.Delivery;
import io.switchboard.publisher.Recipient;
import io.switchboard.queue.Lane;
import io.switchboard.subscription.EventHandler;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.SubscribedPattern;
import io.switchboard.subscription.Subscription;

/**
 * A subscription as the publisher sees it: a recipient that takes events, counts them against its
 * {@code count}, and passes them, through its mailbox (or inline) and its initial gate, to the
 * handler.
 */
final class Subscriber implements Recipient, Subscription {

    private final String id;
    private final PathPattern pattern;
    private final SubscribeOptions options;
    private final EventHandler handler;
    /** The subscription's own serial lane (its mailbox), or null for an inline subscription. */
    private final Lane mailbox;
    private final AtomicInteger remaining;
    private final Consumer<Subscriber> unsubscribe;
    private final int wildcards;
    private final SubscribedPattern distinct;
    private volatile InitialGate gate;
    private volatile boolean closed;

    Subscriber(String id, PathPattern pattern, SubscribeOptions options, EventHandler handler, Lane mailbox,
            Consumer<Subscriber> unsubscribe) {
        this.id = id;
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
        this.mailbox = mailbox;
        this.remaining = options.count() > 0 ? new AtomicInteger(options.count()) : null;
        this.unsubscribe = unsubscribe;
        this.wildcards = (int) pattern.segments().stream().filter("**"::equals).count();
        this.gate = options.initial() ? new InitialGate() : null;
        this.distinct = new SubscribedPattern(pattern.source(), options.eventType());
    }

    /** Its pattern and event type: what other nodes must know to send it their events. */
    SubscribedPattern distinct() {
        return distinct;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public PathPattern pattern() {
        return pattern;
    }

    @Override
    public SubscribeOptions options() {
        return options;
    }

    @Override
    public boolean isActive() {
        return !closed && (remaining == null || remaining.get() > 0);
    }

    @Override
    public String session() {
        return options.session();
    }

    /** More than one {@code **}: one path may reach this subscription by several routes through the index. */
    boolean mayMatchTwice() {
        return wildcards > 1;
    }

    /** The most segments a {@code **} may take, or {@link Integer#MAX_VALUE}. */
    int depth() {
        return options.depth() > 0 ? options.depth() : Integer.MAX_VALUE;
    }

    boolean wants(DataEvent.Action action) {
        return options.eventType().accepts(action);
    }

    @Override
    public boolean deliver(DataEvent event, Delivery delivery) {
        if (closed) {
            return false;
        }
        if (remaining != null) {
            int left = remaining.decrementAndGet();
            if (left < 0) {
                return false;
            }
            if (left == 0) {
                unsubscribe.accept(this); // the last event is still delivered
            }
        }
        if (mailbox == null) {
            process(event, delivery);
        } else {
            // a full mailbox refuses (queue.full): the publisher counts the event as failed for this subscriber
            mailbox.enqueue(() -> process(event, delivery));
        }
        return true;
    }

    /** Stops delivery at once (an explicit {@code off}): events still queued are dropped. */
    void close() {
        closed = true;
    }

    /** Hands the snapshot to the handler and lets live events through. */
    void open(List<Item> snapshot) {
        InitialGate current = gate;
        if (current != null) {
            current.open(snapshot, this);
            if (!current.filters()) {
                gate = null; // an empty snapshot has nothing to filter against: let events pass straight on
            }
        }
    }

    private void process(DataEvent event, Delivery delivery) {
        if (closed) {
            delivery.fail(new IllegalStateException("unsubscribed"));
            return;
        }
        InitialGate current = gate;
        if (current != null) {
            current.offer(event, delivery, this);
        } else {
            invoke(event, delivery);
        }
    }

    void invoke(DataEvent event, Delivery delivery) {
        try {
            handler.handle(event);
            delivery.acknowledge();
        } catch (Exception | LinkageError e) {
            delivery.fail(e);
        }
    }

    @Override
    public String toString() {
        return "subscription " + id + " on " + pattern;
    }
}
