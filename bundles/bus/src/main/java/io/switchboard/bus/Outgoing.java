package io.switchboard.bus;

import java.util.Map;
import java.util.Objects;

/**
 * A message to publish.
 *
 * @param payload     the payload, as JSON text in UTF-8 (checked by whoever builds it)
 * @param priority    0 to 9, higher first on a priority topic
 * @param key         orders messages per key on a FIFO topic; may be null
 * @param dedupId     a publish repeated with this id within the topic's window is stored once; may be null
 * @param delayMillis how long after publishing the message becomes visible; 0 at once
 * @param headers     the message's own metadata, delivered with it
 */
public record Outgoing(byte[] payload, int priority, String key, String dedupId, long delayMillis, Map<String, String> headers) {

    /** Default priority, as in JMS. */
    public static final int DEFAULT_PRIORITY = 4;
    public static final int MAX_PRIORITY = 9;

    public Outgoing {
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Outgoing of(byte[] payload) {
        return new Outgoing(payload, DEFAULT_PRIORITY, null, null, 0, Map.of());
    }
}
