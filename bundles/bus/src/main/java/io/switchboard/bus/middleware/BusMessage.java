package io.switchboard.bus.middleware;

import java.util.Map;
import java.util.Objects;

/**
 * A message as the middleware sees it.
 *
 * @param topic    the topic it is published to (or delivered from)
 * @param payload  its payload: JSON text in UTF-8 as the producer sent it (a link before storage may store other bytes, if the same
 *                 link restores them after delivery)
 * @param headers  its metadata; names starting with {@code Bus-} are the bus's
 * @param producer who published it: a user's name or {@code service:<id>}; null for a publish from inside the runtime (a schedule,
 *                 a dead-letter copy)
 */
public record BusMessage(String topic, byte[] payload, Map<String, String> headers, String producer) {

    public BusMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public BusMessage withPayload(byte[] changed) {
        return new BusMessage(topic, changed, headers, producer);
    }

    public BusMessage withHeaders(Map<String, String> changed) {
        return new BusMessage(topic, payload, changed, producer);
    }
}
