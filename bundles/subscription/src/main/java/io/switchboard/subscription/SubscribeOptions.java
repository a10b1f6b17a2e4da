package io.switchboard.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Options of a subscription. Immutable; start from {@link #DEFAULTS}.
 *
 * @param eventType which events to receive
 * @param count unsubscribe automatically after this many events; 0 for never
 * @param initial first deliver every document that matches now (oldest change first), then live
 *        events, with no change lost and none repeated in between
 * @param depth the most segments a {@code **} may match; 0 for no limit
 * @param session the subscriber's session, for writers' {@code targetSessions} and {@code offPattern}
 * @param meta anything the subscriber wants to keep with the subscription
 * @param inline call the handler on the writer's thread instead of the subscription's own queue:
 *        cheapest, for handlers that only hand the event on (a session's outbound queue); calls may
 *        then overlap when several writers publish at once
 */
public record SubscribeOptions(EventType eventType, int count, boolean initial, int depth, String session,
        ObjectNode meta, boolean inline) {

    public static final SubscribeOptions DEFAULTS = new SubscribeOptions(EventType.ALL, 0, false, 0, null, null, false);

    public SubscribeOptions {
        eventType = eventType == null ? EventType.ALL : eventType;
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
}
