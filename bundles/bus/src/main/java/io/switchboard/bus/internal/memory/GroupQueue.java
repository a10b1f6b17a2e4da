package io.switchboard.bus.internal.memory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.switchboard.bus.Discipline;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/**
 * One consumer group's view of a topic in memory: what it can take now (in the discipline's order),
 * what waits for a delay, what is leased to whom until when, and how often each was delivered.
 * Not thread-safe: its {@link MemoryQueue} holds the lock.
 */
final class GroupQueue {

    /** A lease: to whom, until when. */
    record Flight(String consumer, long until) {
    }

    private record Due(long at, long sequence) {
    }

    /** Who holds a key of a FIFO topic, and how many of its messages. */
    private static final class KeyHold {
        final String consumer;
        int count;

        KeyHold(String consumer) {
            this.consumer = consumer;
        }
    }

    NavigableSet<StoredMessage> ready;
    /** Sequence → visible-at, for messages waiting for a delay. */
    final Map<Long, Long> waiting = new HashMap<>();
    private final PriorityQueue<Due> due = new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(Due::sequence));
    final Map<Long, Flight> inFlight = new HashMap<>();
    private final PriorityQueue<Due> leaseEnds = new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(Due::sequence));
    final Map<Long, Integer> deliveries = new HashMap<>();
    /** The failure of each message's last nack that gave one, for its dead letter. */
    final Map<Long, TopicQueue.Failure> failures = new HashMap<>();
    /** Messages back in the queue that have had all their deliveries: they die rather than go out again. */
    final Set<Long> exhausted = new HashSet<>();
    private final Map<String, KeyHold> keys = new HashMap<>();

    GroupQueue(Discipline discipline) {
        this.ready = new TreeSet<>(order(discipline));
    }

    static Comparator<StoredMessage> order(Discipline discipline) {
        Comparator<StoredMessage> bySequence = Comparator.comparingLong(StoredMessage::sequence);
        return switch (discipline) {
            case FIFO -> bySequence;
            case LIFO -> bySequence.reversed();
            case PRIORITY -> Comparator.comparingInt(StoredMessage::priority).reversed().thenComparing(bySequence);
        };
    }

    void reorder(Discipline discipline) {
        NavigableSet<StoredMessage> reordered = new TreeSet<>(order(discipline));
        reordered.addAll(ready);
        ready = reordered;
    }

    /** A message the group has to handle, now or after its delay. */
    void offer(StoredMessage message, long visibleAt, long now) {
        if (visibleAt > now) {
            waiting.put(message.sequence(), visibleAt);
            due.add(new Due(visibleAt, message.sequence()));
        } else {
            ready.add(message);
        }
    }

    /** Moves messages whose delay has passed into the ready queue. */
    void promote(long now, TreeMap<Long, MemoryQueue.Entry> messages) {
        while (!due.isEmpty() && due.peek().at() <= now) {
            Due next = due.poll();
            Long at = waiting.get(next.sequence());
            if (at != null && at == next.at()) {
                waiting.remove(next.sequence());
                MemoryQueue.Entry entry = messages.get(next.sequence());
                if (entry != null) {
                    ready.add(entry.message);
                }
            }
        }
    }

    void lease(StoredMessage message, String consumer, long until, boolean keyed) {
        ready.remove(message);
        inFlight.put(message.sequence(), new Flight(consumer, until));
        leaseEnds.add(new Due(until, message.sequence()));
        deliveries.merge(message.sequence(), 1, Integer::sum);
        if (keyed && message.key() != null) {
            keys.computeIfAbsent(message.key(), k -> new KeyHold(consumer)).count++;
        }
    }

    /** Whether a keyed message must wait because another consumer holds its key. */
    boolean heldByOther(StoredMessage message, String consumer) {
        KeyHold hold = message.key() == null ? null : keys.get(message.key());
        return hold != null && !hold.consumer.equals(consumer);
    }

    /** Ends a lease (ack, nack, run out, drop); the message is no longer in flight. */
    Flight land(StoredMessage message) {
        Flight flight = inFlight.remove(message.sequence());
        if (flight != null && message.key() != null) {
            KeyHold hold = keys.get(message.key());
            if (hold != null && --hold.count <= 0) {
                keys.remove(message.key());
            }
        }
        return flight;
    }

    /** The sequences whose lease has run out by {@code now}, taken off the lease clock. */
    java.util.List<Long> runOut(long now) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        while (!leaseEnds.isEmpty() && leaseEnds.peek().at() <= now) {
            Due end = leaseEnds.poll();
            Flight flight = inFlight.get(end.sequence());
            if (flight != null && flight.until() == end.at()) {
                out.add(end.sequence());
            }
        }
        return out;
    }

    /** Forgets a message entirely (acked, dead, dropped). */
    void forget(StoredMessage message) {
        ready.remove(message);
        waiting.remove(message.sequence());
        land(message);
        deliveries.remove(message.sequence());
        failures.remove(message.sequence());
        exhausted.remove(message.sequence());
    }

    boolean holds(long sequence, StoredMessage message) {
        return inFlight.containsKey(sequence) || waiting.containsKey(sequence) || (message != null && ready.contains(message));
    }

    int deliveries(long sequence) {
        return deliveries.getOrDefault(sequence, 0);
    }
}
