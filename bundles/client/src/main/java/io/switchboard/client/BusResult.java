package io.switchboard.client;

/**
 * One entry's outcome in a bus batch ({@link SwitchboardClient#busPublishAll}, {@link SwitchboardClient#busAckAll}):
 * done, or refused with a {@code bus.*} code and a message (docs/bus.md, "Batches").
 *
 * @param id           the message's id; null for a publish the topic refused
 * @param duplicate    for a publish: a dedup id seen within the window, so the first message's id
 * @param errorCode    null when done; else why not ({@code bus.topic-full}, {@code bus.not-leaseholder}, ...)
 * @param errorMessage null when done; else the error's message
 * @since 1.3
 */
public record BusResult(String id, boolean duplicate, String errorCode, String errorMessage) {

    public boolean ok() {
        return errorCode == null;
    }
}
