package io.switchboard.bus.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.api.errors.SwitchboardException;
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
     * Stores a batch of messages in order, each as {@link #append(StoredMessage, String, long)} would,
     * and keeps the driver's promise for all of them before it returns: the file driver commits the
     * batch once, not once per message. An entry the topic refuses (full, and its overflow is reject)
     * is answered as refused; the entries after it are still tried.
     *
     * @return one outcome per entry, in the batch's order
     * @since 1.2
     */
    default List<BatchOutcome> append(List<Append> batch, long now) {
        List<BatchOutcome> outcomes = new java.util.ArrayList<>(batch.size());
        for (Append entry : batch) {
            try {
                outcomes.add(new BatchOutcome(append(entry.message(), entry.dedupId(), now), null));
            } catch (SwitchboardException refused) {
                outcomes.add(new BatchOutcome(null, refused));
            }
        }
        return outcomes;
    }

    /**
     * Settles several leased messages of the group, each as {@link #ack(String, long, String, long)}
     * would, durable (as the driver promises) before it returns: the file driver commits once.
     *
     * @return one outcome per sequence, in order
     * @since 1.2
     */
    default List<Settled> ack(String group, List<Long> sequences, String consumer, long now) {
        List<Settled> outcomes = new java.util.ArrayList<>(sequences.size());
        for (long sequence : sequences) {
            outcomes.add(ack(group, sequence, consumer, now));
        }
        return outcomes;
    }

    /**
     * Returns several leased messages of the group to its queue, each as {@link #nack(String, long,
     * String, long, long)} would, visible from {@code visibleAt}: one driver call for a batch nack, as
     * {@link #ack(String, List, String, long)} is for a batch ack. A driver that predates it nacks one by one.
     *
     * @return one outcome per sequence, in order
     * @since 1.3
     */
    default List<Settled> nack(String group, List<Long> sequences, String consumer, long visibleAt, long now) {
        List<Settled> outcomes = new java.util.ArrayList<>(sequences.size());
        for (long sequence : sequences) {
            outcomes.add(nack(group, sequence, consumer, visibleAt, now));
        }
        return outcomes;
    }

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
     * A nack that says why the attempt failed: the group keeps the failure with the message (replacing
     * an earlier one; null forgets it), and a dead letter made from the message carries it
     * ({@link Dead#last()}), so that it tells the last HTTP status and error of a webhook that gave up.
     * A driver that predates it forgets the failure.
     *
     * @since 1.1
     */
    default Settled nack(String group, long sequence, String consumer, long visibleAt, long now, Failure failure) {
        return nack(group, sequence, consumer, visibleAt, now);
    }

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
     * One entry of a batch append.
     *
     * @param dedupId a dedup id, or null
     * @since 1.2
     */
    record Append(StoredMessage message, String dedupId) {
    }

    /**
     * A batch entry's outcome: {@code appended}, or {@code refused} (with its {@code bus.*} code) and nothing stored.
     *
     * @since 1.2
     */
    record BatchOutcome(Appended appended, SwitchboardException refused) {
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

    /**
     * A dead letter: the message, the group that gave up, its deliveries, why and when, and the
     * failure of its last nack that gave one (or null).
     */
    record Dead(StoredMessage message, String group, int deliveries, String reason, long deadAt, Failure last) {

        /** A dead letter without a failure (as before 1.1). */
        public Dead(StoredMessage message, String group, int deliveries, String reason, long deadAt) {
            this(message, group, deliveries, reason, deadAt, null);
        }
    }

    /**
     * Why an attempt failed, as a nack tells it.
     *
     * @param status the HTTP status of the answer, or 0 when there was none (unreachable, timed out)
     * @param error  what went wrong, in a client's terms; cut to {@value #MAX_ERROR_CHARS} characters
     * @since 1.1
     */
    record Failure(int status, String error) {

        public static final int MAX_ERROR_CHARS = 500;

        public Failure {
            error = error == null ? "" : error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
        }
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
