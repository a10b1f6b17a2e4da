package io.switchboard.bus.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.bus.TopicSettings;

/**
 * One topic on a driver: its messages, each consumer group's queue of them (in the topic's
 * discipline), leases and deliveries, and the topic's dead letters. A group springs into being the
 * first time it leases, holding every message then stored. A message stays stored until every group
 * there is has acked it (or it leaves by retention or overflow). Every method is atomic.
 */
@ConsumerType
public interface TopicQueue {

    /** Takes new settings (discipline, limits); the driver is never changed. */
    void configure(TopicSettings settings);

    /**
     * Stores a message (its sequence is ignored and assigned here).
     *
     * @param dedupId a dedup id, or null; seen within the window, nothing is stored and the first sequence is answered
     * @throws io.switchboard.api.errors.SwitchboardException {@code bus.topic-full} when full and the overflow is reject
     */
    Appended append(StoredMessage message, String dedupId, long now);

    /**
     * Up to {@code max} messages for the group, leased to {@code consumer} until {@code visibleUntil};
     * before that, leases that ran out return to the queue (or die, at the topic's max deliveries).
     */
    Leased lease(String group, String consumer, int max, long now, long visibleUntil);

    /** Settles a leased message. */
    Settled ack(String group, long sequence, String consumer, long now);

    /** Returns a leased message to the group's queue, visible from {@code visibleAt}. */
    Settled nack(String group, long sequence, String consumer, long visibleAt, long now);

    /**
     * Returns every message of the group leased to {@code consumer} to the queue at once, as if its
     * lease had run out (a stream resumed with {@code Last-Event-ID}).
     *
     * @return how many
     */
    int release(String group, String consumer, long now);

    /**
     * Housekeeping at {@code now}: leases that ran out return (or die), messages past retention and
     * dedup ids past their window are forgotten.
     *
     * @return the messages that died
     */
    List<Dead> expire(long now);

    /** A stored message, if it still is. */
    Optional<StoredMessage> message(long sequence);

    Stats stats(long now);

    /** Dead letters, oldest first. */
    List<Dead> deadLetters(int limit);

    Optional<Dead> deadLetter(long sequence);

    /** Back to their groups' queues with deliveries reset; null for all. Returns how many. */
    int redrive(Collection<Long> sequences, long now);

    /** Forgets dead letters; null for all. Returns how many. */
    int purge(Collection<Long> sequences);

    /** Lets go of what the queue holds in memory (not what it stored). */
    void close();

    /** An append's outcome: the sequence, and whether it was a duplicate of an earlier one. */
    record Appended(long sequence, boolean duplicate) {
    }

    /**
     * A lease's outcome.
     *
     * @param messages the leased messages, each with its deliveries to this group (this one included)
     * @param died     messages that ran out of deliveries on the way
     */
    record Leased(List<Lease> messages, List<Dead> died) {
    }

    /** A leased message. */
    record Lease(StoredMessage message, int deliveries) {
    }

    /** A dead letter: the message, the group that gave up, its deliveries, why and when. */
    record Dead(StoredMessage message, String group, int deliveries, String reason, long deadAt) {
    }

    /** An ack's or nack's outcome. */
    enum Settled {
        DONE,
        /** No message of that sequence was ever stored. */
        UNKNOWN,
        /** The group has it, but not leased now: its lease ran out, or it was never leased. */
        NOT_LEASED,
        /** Leased to another consumer. */
        OTHER_CONSUMER,
        /** The group is done with it: acked, or dead. */
        ALREADY_SETTLED
    }

    /**
     * A topic's numbers.
     *
     * @param depth   messages stored
     * @param dead    dead letters stored
     * @param groups  per group: ready, in flight, delayed
     * @param dropped messages dropped by overflow or retention since the queue was opened
     */
    record Stats(long depth, long dead, Map<String, GroupStats> groups, long dropped) {
    }

    record GroupStats(long ready, long inFlight, long delayed) {
    }
}
