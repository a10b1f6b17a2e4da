package io.switchboard.bus;

import java.util.Map;

/**
 * A message as a consumer gets it.
 *
 * @param id          the message's id, {@code <topic>~<sequence>}: what ack, nack and reply name
 * @param topic       the topic it was published to
 * @param group       the consumer group it was delivered to
 * @param payload     JSON text, UTF-8
 * @param priority    0 to 9
 * @param key         its key, or null
 * @param deliveries  how many times it has been delivered to this group, this one included
 * @param publishedAt epoch milliseconds
 * @param reply       whether its producer waits for a reply ({@code POST /api/bus/messages/<id>/reply})
 * @param headers     its metadata
 */
public record Delivery(String id, String topic, String group, byte[] payload, int priority, String key, int deliveries, long publishedAt,
        boolean reply, Map<String, String> headers) {
}
