package io.switchboard.subscription;

import java.util.Objects;

/**
 * One distinct kind of live subscription, as whoever routes events to this runtime from elsewhere
 * must know it: the pattern and the events it takes. However many subscriptions share it, it is
 * one entry. (A subscription's {@code depth} is left out: it only narrows what the pattern
 * matches, and this runtime applies it itself.)
 *
 * @param pattern   the subscription's pattern, as written
 * @param eventType the events it takes
 * @since 1.2
 */
public record SubscribedPattern(String pattern, EventType eventType) {

    public SubscribedPattern {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(eventType, "eventType");
    }
}
