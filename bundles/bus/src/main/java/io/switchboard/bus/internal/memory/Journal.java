package io.switchboard.bus.internal.memory;

import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/**
 * What changes in a {@link MemoryQueue}, told as it happens (under the queue's lock), for a driver
 * that keeps the queue on disk and replays it on start. The memory driver keeps none.
 */
public interface Journal {

    Journal NONE = new Journal() {
    };

    /** A message was stored (with its dedup id, or null). */
    default void stored(StoredMessage message, String dedupId) {
    }

    /** A message left the topic: every group is done with it, or it was dropped. */
    default void removed(long sequence) {
    }

    /** A consumer group came into being. */
    default void group(String name) {
    }

    /** A group leased a message; {@code deliveries} counts this one. */
    default void delivered(String group, long sequence, int deliveries) {
    }

    /** A group's last failure with a message (null: none now). */
    default void failed(String group, long sequence, TopicQueue.Failure failure) {
    }

    /**
     * A group is done with a message (acked, or dead) that stays for other groups. An ack by the last
     * group that had it is told as {@link #removed} alone, which takes every group's part with it.
     */
    default void settled(String group, long sequence) {
    }

    /** A group has a message again (re-driven). */
    default void unsettled(String group, long sequence) {
    }

    /** A message died in a group. */
    default void dead(TopicQueue.Dead letter) {
    }

    /** A dead letter was re-driven or purged. */
    default void undead(long sequence, String group) {
    }
}
