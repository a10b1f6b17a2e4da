package io.switchboard.bus;

/**
 * A message a group gave up on.
 *
 * @param message what it was, with the deliveries it had
 * @param reason  why it died: {@code max-deliveries}, or {@code nack} for a consumer's refusal
 * @param deadAt  epoch milliseconds
 */
public record DeadLetter(Delivery message, String reason, long deadAt) {
}
