package io.switchboard.client;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message of the bus, delivered to a {@link SwitchboardClient#busSubscribe} subscription
 * (docs/protocol.md, "Bus actions"); ack it with {@link SwitchboardClient#busAck}.
 *
 * @param id          the message's id, {@code <topic>~<sequence>}
 * @param topic       its topic
 * @param group       the consumer group it was delivered to
 * @param payload     its payload
 * @param priority    0 to 9
 * @param key         its key, or null
 * @param deliveries  how many times the group has had it, this one included
 * @param publishedAt epoch milliseconds
 * @param reply       whether its producer waits for a reply ({@link SwitchboardClient#busReply})
 * @param headers     its metadata
 */
public record BusMessage(String id, String topic, String group, JsonNode payload, int priority, String key, int deliveries, long publishedAt,
        boolean reply, Map<String, String> headers) {
}
