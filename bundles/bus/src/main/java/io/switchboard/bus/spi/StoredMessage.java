package io.switchboard.bus.spi;

import java.util.Map;

/**
 * A message as a driver stores it.
 *
 * @param sequence    its place in the topic, given by the driver: increasing, never reused
 * @param payload     JSON text, UTF-8
 * @param priority    0 to 9
 * @param key         or null
 * @param publishedAt epoch milliseconds
 * @param visibleAt   epoch milliseconds from which groups may take it (a delay)
 * @param reply       whether the producer waits for a reply
 * @param headers     metadata
 */
public record StoredMessage(long sequence, byte[] payload, int priority, String key, long publishedAt, long visibleAt, boolean reply,
        Map<String, String> headers) {

    public StoredMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public StoredMessage withSequence(long assigned) {
        return new StoredMessage(assigned, payload, priority, key, publishedAt, visibleAt, reply, headers);
    }
}
