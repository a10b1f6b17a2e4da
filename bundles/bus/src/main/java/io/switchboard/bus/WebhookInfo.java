package io.switchboard.bus;

/**
 * A callback subscription (a webhook or a WebSub subscription) as the bus shows it to operators
 * ({@link Bus#webhooks()}): read-only, never its secret.
 *
 * @param id              the subscription's id
 * @param kind            {@code webhook} or {@code websub}
 * @param topic           the topic it takes messages from
 * @param group           the consumer group it leases from
 * @param callback        the callback URL without its query, fragment or user info (which may hold credentials)
 * @param state           {@code new} (nothing sent yet), {@code ok} (the last attempt was delivered) or {@code failing}
 * @param expiresAt       epoch milliseconds when a WebSub lease ends; 0 for a webhook
 * @param inFlight        deliveries sent and not yet answered
 * @param delivered       deliveries the callback took
 * @param failed          attempts that failed (each retried, or dead-lettered after the topic's max deliveries)
 * @param deadLettered    messages given up on
 * @param lastStatus      the HTTP status of the last attempt; 0 for none, or for no answer (a timeout, a refused connection)
 * @param lastError       what went wrong with the last failed attempt, or null
 * @param lastAttemptAt   epoch milliseconds of the last attempt; 0 for none
 * @param lastDeliveredAt epoch milliseconds of the last delivery the callback took; 0 for none
 */
public record WebhookInfo(String id, String kind, String topic, String group, String callback, String state, long expiresAt, int inFlight,
        long delivered, long failed, long deadLettered, int lastStatus, String lastError, long lastAttemptAt, long lastDeliveredAt) {
}
