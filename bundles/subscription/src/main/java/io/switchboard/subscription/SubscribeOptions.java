package io.switchboard.subscription;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Options of a subscription. Immutable; start from {@link #DEFAULTS} and chain the {@code with}
 * methods. (A class with a private constructor rather than a record, so that options can be added
 * without breaking callers.)
 */
public final class SubscribeOptions {

    /** All events, no count, no snapshot, no depth limit, no session, on the subscription's own queue. */
    public static final SubscribeOptions DEFAULTS = new SubscribeOptions(EventType.ALL, 0, false, 0, null, null, false);

    private final EventType eventType;
    private final int count;
    private final boolean initial;
    private final int depth;
    private final String session;
    private final ObjectNode meta;
    private final boolean inline;

    private SubscribeOptions(EventType eventType, int count, boolean initial, int depth, String session, ObjectNode meta,
            boolean inline) {
        this.eventType = eventType == null ? EventType.ALL : eventType;
        this.count = count;
        this.initial = initial;
        this.depth = depth;
        this.session = session;
        this.meta = meta;
        this.inline = inline;
    }

    /** Which events to receive. */
    public EventType eventType() {
        return eventType;
    }

    /** Unsubscribe automatically after this many events; 0 for never. */
    public int count() {
        return count;
    }

    /**
     * First deliver every document that matches now (oldest change first), then live events, with no
     * change lost and none repeated in between.
     */
    public boolean initial() {
        return initial;
    }

    /** The most segments a {@code **} may match; 0 for no limit. */
    public int depth() {
        return depth;
    }

    /** The subscriber's session, for writers' {@code targetSessions}, {@code offPattern} and a session's {@code off}. */
    public String session() {
        return session;
    }

    /** Anything the subscriber wants to keep with the subscription; {@code null} for nothing. */
    public ObjectNode meta() {
        return meta;
    }

    /**
     * Call the handler on the writer's thread instead of the subscription's own queue: cheapest, for
     * handlers that only hand the event on (a session's outbound queue); calls may then overlap when
     * several writers publish at once.
     */
    public boolean inline() {
        return inline;
    }

    public SubscribeOptions withEventType(EventType value) {
        return new SubscribeOptions(value, count, initial, depth, session, meta, inline);
    }

    public SubscribeOptions withCount(int value) {
        return new SubscribeOptions(eventType, value, initial, depth, session, meta, inline);
    }

    public SubscribeOptions withInitial(boolean value) {
        return new SubscribeOptions(eventType, count, value, depth, session, meta, inline);
    }

    public SubscribeOptions withDepth(int value) {
        return new SubscribeOptions(eventType, count, initial, value, session, meta, inline);
    }

    public SubscribeOptions withSession(String value) {
        return new SubscribeOptions(eventType, count, initial, depth, value, meta, inline);
    }

    public SubscribeOptions withMeta(ObjectNode value) {
        return new SubscribeOptions(eventType, count, initial, depth, session, value, inline);
    }

    public SubscribeOptions withInline(boolean value) {
        return new SubscribeOptions(eventType, count, initial, depth, session, meta, value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubscribeOptions o && o.eventType == eventType && o.count == count && o.initial == initial
                && o.depth == depth && Objects.equals(o.session, session) && Objects.equals(o.meta, meta) && o.inline == inline;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventType, count, initial, depth, session, meta, inline);
    }

    @Override
    public String toString() {
        return "SubscribeOptions[eventType=" + eventType + ", count=" + count + ", initial=" + initial + ", depth=" + depth
                + ", session=" + session + ", meta=" + meta + ", inline=" + inline + "]";
    }
}
