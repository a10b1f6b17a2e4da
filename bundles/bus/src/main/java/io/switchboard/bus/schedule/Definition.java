package io.switchboard.bus.schedule;

import java.util.Map;

/**
 * What a schedule publishes and when: a {@code cron} expression in a {@code zone}, or one
 * {@code deliverAt} instant (a one-shot delayed message).
 *
 * @param deliverAt epoch milliseconds of a one-shot; null for a cron schedule
 * @param payload   JSON text, UTF-8
 * @param headers   the message's metadata (names not starting with {@code Bus-}, which are the bus's)
 * @param createdBy who put it (the logged-in user or service), for the record
 */
record Definition(String name, String cron, String zone, Long deliverAt, String topic, byte[] payload, Map<String, String> headers, int priority,
        Missed missed, String createdBy) {

    Definition {
        headers = Map.copyOf(headers);
    }

    boolean oneShot() {
        return deliverAt != null;
    }
}
