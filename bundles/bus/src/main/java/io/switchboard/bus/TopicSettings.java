package io.switchboard.bus;

import java.util.Objects;

/**
 * How a topic behaves. Names as in {@code PUT /api/bus/topics/<name>}.
 *
 * @param discipline        the order messages are handed out in
 * @param driver            the persistence driver's name: {@code memory}, {@code file}, {@code redis}
 * @param maxLength         the most messages stored at once
 * @param overflow          what a full topic does with one more
 * @param retentionMillis   how long a message is kept, acked or not; 0 keeps it until every group has acked it
 * @param ackTimeoutMillis  how long a delivered message stays invisible to others when the consumer names no visibility
 * @param maxDeliveries     deliveries to one group before the message is dead-lettered
 * @param deadLetter        a topic that also receives each dead letter, or null
 * @param dedupWindowMillis how long a {@code Bus-Dedup-Id} is remembered
 */
public record TopicSettings(Discipline discipline, String driver, int maxLength, Overflow overflow, long retentionMillis,
        long ackTimeoutMillis, int maxDeliveries, String deadLetter, long dedupWindowMillis) {

    public TopicSettings {
        Objects.requireNonNull(discipline, "discipline");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(overflow, "overflow");
    }

    /** The defaults, on the given driver. */
    public static TopicSettings defaults(String driver) {
        return new TopicSettings(Discipline.FIFO, driver, 100_000, Overflow.REJECT, 7L * 24 * 3600 * 1000, 30_000, 5, null, 120_000);
    }
}
