package io.switchboard.bus;

/**
 * A message a group gave up on.
 *
 * @param message    what it was, with the deliveries it had
 * @param reason     why it died: {@code max-deliveries}, or {@code nack} for a consumer's refusal
 * @param deadAt     epoch milliseconds
 * @param lastStatus the HTTP status of the last failed attempt that had one (a webhook's callback), or 0
 * @param lastError  what went wrong on the last failed attempt that said, or null
 */
public record DeadLetter(Delivery message, String reason, long deadAt, int lastStatus, String lastError) {

    /** A dead letter that says nothing of its last attempt. */
    public DeadLetter(Delivery message, String reason, long deadAt) {
        this(message, reason, deadAt, 0, null);
    }
}
