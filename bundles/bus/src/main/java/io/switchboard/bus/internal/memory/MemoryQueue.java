package io.switchboard.bus.internal.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Discipline;
import io.switchboard.bus.Overflow;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/**
 * A topic in memory, behind one lock: the messages by sequence, each group's {@link GroupQueue},
 * the dead letters and the dedup ids. Also the index the file driver keeps in memory over its
 * store (it replays its file into one on start).
 */
public final class MemoryQueue implements TopicQueue {

    /** A stored message and how many groups still have to settle it. */
    static final class Entry {
        final StoredMessage message;
        int pending;

        Entry(StoredMessage message, int pending) {
            this.message = message;
            this.pending = pending;
        }
    }

    private record DeadKey(long sequence, String group) implements Comparable<DeadKey> {
        @Override
        public int compareTo(DeadKey other) {
            int bySequence = Long.compare(sequence, other.sequence);
            return bySequence != 0 ? bySequence : group.compareTo(other.group);
        }
    }

    /** The most dedup ids a topic remembers at once, whatever its window: keyed by input, so bounded. */
    static final int MAX_DEDUP_IDS = 100_000;

    private TopicSettings settings;
    private Journal journal = Journal.NONE;
    private long nextSequence = 1;
    /**
     * The newest sequence a consumer may lease: all of them in memory; with the file driver, the
     * newest whose commit has finished, so that no consumer sees a message a crash then loses.
     */
    private long leasableThrough = Long.MAX_VALUE;
    private long dropped;
    private final TreeMap<Long, Entry> messages = new TreeMap<>();
    private final Map<String, GroupQueue> groups = new LinkedHashMap<>();
    private final TreeMap<DeadKey, Dead> dead = new TreeMap<>();
    /** Dedup id → {sequence, forget-at}, in insertion order. */
    private final LinkedHashMap<String, long[]> dedup = new LinkedHashMap<>();

    public MemoryQueue(TopicSettings settings) {
        this.settings = settings;
    }

    /**
     * From now on a message is leased only once {@link #leasableThrough(long)} has reached its
     * sequence; every message stored so far may be (a driver calls this after its replay).
     */
    public synchronized void holdNewMessages() {
        leasableThrough = nextSequence - 1;
    }

    /** Every message up to this sequence may be leased (its driver made it durable); never moves back. */
    public synchronized void leasableThrough(long sequence) {
        leasableThrough = Math.max(leasableThrough, sequence);
    }

    /** Whether a message with this sequence may be leased yet. */
    public synchronized boolean leasable(long sequence) {
        return sequence <= leasableThrough;
    }

    /** Tells the journal of every change from now on (after a replay). */
    public synchronized void journal(Journal changes) {
        this.journal = changes;
    }

    @Override
    public synchronized void configure(TopicSettings changed) {
        Discipline before = settings.discipline();
        this.settings = changed;
        if (before != changed.discipline()) {
            groups.values().forEach(group -> group.reorder(changed.discipline()));
        }
    }

    @Override
    public synchronized Appended append(StoredMessage message, String dedupId, long now) {
        forgetDedupIds(now);
        if (dedupId != null) {
            long[] seen = dedup.get(dedupId);
            if (seen != null) {
                return new Appended(seen[0], true);
            }
        }
        if (messages.size() >= settings.maxLength()) {
            if (settings.overflow() == Overflow.REJECT || messages.isEmpty()) {
                throw new SwitchboardException(BusErrors.TOPIC_FULL, "the topic holds its maxLength of " + settings.maxLength()
                        + " messages and its overflow is reject; consume some, or raise maxLength");
            }
            drop(messages.firstEntry().getValue());
        }
        StoredMessage stored = message.withSequence(nextSequence++);
        restore(stored, dedupId, now);
        journal.stored(stored, dedupId);
        return new Appended(stored.sequence(), false);
    }

    /**
     * Puts a message with its sequence back as it was published, in every group (the file driver
     * replays its store with it).
     */
    public synchronized void restore(StoredMessage stored, String dedupId, long now) {
        nextSequence = Math.max(nextSequence, stored.sequence() + 1);
        messages.put(stored.sequence(), new Entry(stored, groups.size()));
        for (GroupQueue group : groups.values()) {
            group.offer(stored, stored.visibleAt(), now);
        }
        if (dedupId != null && settings.dedupWindowMillis() > 0) {
            dedup.put(dedupId, new long[] {stored.sequence(), stored.publishedAt() + settings.dedupWindowMillis()});
            if (dedup.size() > MAX_DEDUP_IDS) {
                Iterator<String> eldest = dedup.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    @Override
    public synchronized Leased lease(String groupName, String consumer, int max, long now, long visibleUntil) {
        GroupQueue group = group(groupName, now);
        List<Dead> died = new ArrayList<>();
        expire(groupName, group, now, died);
        List<Lease> leased = new ArrayList<>();
        boolean keyed = settings.discipline() == Discipline.FIFO;
        List<StoredMessage> taken = new ArrayList<>();
        List<StoredMessage> exhausted = new ArrayList<>();
        for (StoredMessage message : group.ready) {
            if (taken.size() >= max) {
                break;
            }
            if (message.sequence() > leasableThrough) {
                continue; // not durable yet: in the queue's order, after the newest ones only
            }
            if (group.deliveries(message.sequence()) >= settings.maxDeliveries()) {
                exhausted.add(message);
            } else if (!keyed || !group.heldByOther(message, consumer)) {
                taken.add(message);
            }
        }
        for (StoredMessage message : exhausted) {
            died.add(die(groupName, group, message, "max-deliveries", now));
        }
        for (StoredMessage message : taken) {
            group.lease(message, consumer, visibleUntil, keyed);
            leased.add(new Lease(message, group.deliveries(message.sequence())));
            journal.delivered(groupName, message.sequence(), group.deliveries(message.sequence()));
        }
        return new Leased(leased, died);
    }

    /** The group, made on first use with every message stored now. */
    private GroupQueue group(String name, long now) {
        GroupQueue group = groups.get(name);
        if (group == null) {
            group = new GroupQueue(settings.discipline());
            groups.put(name, group);
            for (Entry entry : messages.values()) {
                entry.pending++;
                group.offer(entry.message, entry.message.visibleAt(), now);
            }
            journal.group(name);
        }
        return group;
    }

    // --- replay (a driver that keeps the queue on disk rebuilds it with these, before its journal is set)

    /** A group as it was: made before the messages are restored, so that they reach it. */
    public synchronized void restoreGroup(String name, long now) {
        group(name, now);
    }

    /** A group that was done with a message. */
    public synchronized void restoreSettled(String groupName, long sequence) {
        GroupQueue group = groups.get(groupName);
        Entry entry = messages.get(sequence);
        if (group != null && entry != null && group.holds(sequence, entry.message)) {
            group.forget(entry.message);
            settled(entry);
        }
    }

    /** How often a group had a message delivered. */
    public synchronized void restoreDeliveries(String groupName, long sequence, int deliveries) {
        GroupQueue group = groups.get(groupName);
        Entry entry = messages.get(sequence);
        if (group != null && entry != null && group.holds(sequence, entry.message)) {
            group.deliveries.put(sequence, deliveries);
            if (deliveries >= settings.maxDeliveries()) {
                group.exhausted.add(sequence);
            }
        }
    }

    /** A group's last failure with a message. */
    public synchronized void restoreFailure(String groupName, long sequence, Failure failure) {
        GroupQueue group = groups.get(groupName);
        Entry entry = messages.get(sequence);
        if (group != null && entry != null && group.holds(sequence, entry.message)) {
            group.failures.put(sequence, failure);
        }
    }

    public synchronized void restoreDead(Dead letter) {
        dead.put(new DeadKey(letter.message().sequence(), letter.group()), letter);
        nextSequence = Math.max(nextSequence, letter.message().sequence() + 1);
    }

    @Override
    public synchronized Settled ack(String groupName, long sequence, String consumer, long now) {
        return settle(groupName, sequence, consumer, now, -1, null);
    }

    /** A batch under one hold of the lock: no other append comes between its entries. */
    @Override
    public synchronized List<BatchOutcome> append(List<Append> batch, long now) {
        return TopicQueue.super.append(batch, now);
    }

    @Override
    public synchronized List<Settled> ack(String groupName, List<Long> sequences, String consumer, long now) {
        return TopicQueue.super.ack(groupName, sequences, consumer, now);
    }

    /** A batch nack under one hold of the lock, as a batch ack. */
    @Override
    public synchronized List<Settled> nack(String groupName, List<Long> sequences, String consumer, long visibleAt, long now) {
        return TopicQueue.super.nack(groupName, sequences, consumer, visibleAt, now);
    }

    @Override
    public synchronized Settled nack(String groupName, long sequence, String consumer, long visibleAt, long now) {
        return settle(groupName, sequence, consumer, now, visibleAt, null);
    }

    @Override
    public synchronized Settled nack(String groupName, long sequence, String consumer, long visibleAt, long now, Failure failure) {
        return settle(groupName, sequence, consumer, now, visibleAt, failure);
    }

    /** An ack ({@code visibleAt} < 0) or a nack, with the failure it tells (or null). */
    private Settled settle(String groupName, long sequence, String consumer, long now, long visibleAt, Failure failure) {
        if (sequence < 1 || sequence >= nextSequence) {
            return Settled.UNKNOWN;
        }
        GroupQueue group = groups.get(groupName);
        Entry entry = messages.get(sequence);
        if (group == null || entry == null) {
            return group == null ? Settled.NOT_LEASED : Settled.ALREADY_SETTLED;
        }
        GroupQueue.Flight flight = group.inFlight.get(sequence);
        if (flight == null || flight.until() <= now) {
            if (flight != null) {
                expire(groupName, group, now, new ArrayList<>());
            }
            return group.holds(sequence, entry.message) || flight != null ? Settled.NOT_LEASED : Settled.ALREADY_SETTLED;
        }
        if (!flight.consumer().equals(consumer)) {
            return Settled.OTHER_CONSUMER;
        }
        group.land(entry.message);
        if (visibleAt < 0) {
            group.forget(entry.message);
            if (!settled(entry)) {
                // only when the message stays for other groups: when it leaves, "removed" clears every
                // group's part of it, so the file driver writes neither this group's mark nor its removal
                journal.settled(groupName, sequence);
            }
        } else {
            Failure before = failure == null ? group.failures.remove(sequence) : group.failures.put(sequence, failure);
            if (failure != null || before != null) {
                journal.failed(groupName, sequence, failure);
            }
            back(group, entry.message, visibleAt, now);
        }
        return Settled.DONE;
    }

    /** A message returns to a group's queue, marked when it has had all its deliveries. */
    private void back(GroupQueue group, StoredMessage message, long visibleAt, long now) {
        group.offer(message, visibleAt, now);
        if (group.deliveries(message.sequence()) >= settings.maxDeliveries()) {
            group.exhausted.add(message.sequence());
        }
    }

    /** One group fewer has the message: the last one lets it go (then true). */
    private boolean settled(Entry entry) {
        if (--entry.pending <= 0 && !groups.isEmpty()) {
            messages.remove(entry.message.sequence());
            journal.removed(entry.message.sequence());
            return true;
        }
        return false;
    }

    @Override
    public synchronized int release(String groupName, String consumer, long now) {
        GroupQueue group = groups.get(groupName);
        if (group == null) {
            return 0;
        }
        List<Long> held = group.inFlight.entrySet().stream().filter(flight -> flight.getValue().consumer().equals(consumer)).map(Map.Entry::getKey).toList();
        for (long sequence : held) {
            Entry entry = messages.get(sequence);
            if (entry != null) {
                group.land(entry.message);
                back(group, entry.message, 0, now);
            }
        }
        return held.size();
    }

    @Override
    public synchronized List<Dead> expire(long now) {
        List<Dead> died = new ArrayList<>();
        for (Map.Entry<String, GroupQueue> group : groups.entrySet()) {
            expire(group.getKey(), group.getValue(), now, died);
        }
        if (settings.retentionMillis() > 0) {
            while (!messages.isEmpty() && messages.firstEntry().getValue().message.publishedAt() + settings.retentionMillis() <= now) {
                drop(messages.firstEntry().getValue());
            }
        }
        forgetDedupIds(now);
        return died;
    }

    /** Leases that ran out come back (or die), delays that passed become ready, exhausted messages die. */
    private void expire(String groupName, GroupQueue group, long now, List<Dead> died) {
        for (long sequence : group.runOut(now)) {
            Entry entry = messages.get(sequence);
            if (entry != null) {
                group.land(entry.message);
                back(group, entry.message, 0, now);
            }
        }
        group.promote(now, messages);
        for (Long sequence : List.copyOf(group.exhausted)) {
            Entry entry = messages.get(sequence);
            if (entry != null && !group.waiting.containsKey(sequence)) {
                died.add(die(groupName, group, entry.message, "max-deliveries", now));
            }
        }
    }

    private Dead die(String groupName, GroupQueue group, StoredMessage message, String reason, long now) {
        Dead letter = new Dead(message, groupName, group.deliveries(message.sequence()), reason, now, group.failures.get(message.sequence()));
        group.forget(message);
        dead.put(new DeadKey(message.sequence(), groupName), letter);
        journal.dead(letter);
        Entry entry = messages.get(message.sequence());
        if (entry != null) {
            settled(entry);
        }
        return letter;
    }

    private void drop(Entry entry) {
        messages.remove(entry.message.sequence());
        journal.removed(entry.message.sequence());
        for (GroupQueue group : groups.values()) {
            group.forget(entry.message);
        }
        dropped++;
    }

    private void forgetDedupIds(long now) {
        Iterator<long[]> seen = dedup.values().iterator();
        while (seen.hasNext()) {
            if (seen.next()[1] > now) {
                break; // in insertion order; a window changed meanwhile only keeps some a little longer
            }
            seen.remove();
        }
    }

    @Override
    public synchronized Optional<StoredMessage> message(long sequence) {
        Entry entry = messages.get(sequence);
        return entry == null ? Optional.empty() : Optional.of(entry.message);
    }

    @Override
    public synchronized Stats stats(long now) {
        Map<String, GroupStats> numbers = new LinkedHashMap<>();
        for (Map.Entry<String, GroupQueue> group : groups.entrySet()) {
            GroupQueue queue = group.getValue();
            numbers.put(group.getKey(), new GroupStats(queue.ready.size(), queue.inFlight.size(), queue.waiting.size()));
        }
        return new Stats(messages.size(), dead.size(), numbers, dropped);
    }

    @Override
    public synchronized List<Dead> deadLetters(int limit) {
        return dead.values().stream().limit(Math.max(0, limit)).toList();
    }

    @Override
    public synchronized Optional<Dead> deadLetter(long sequence) {
        Map.Entry<DeadKey, Dead> found = dead.ceilingEntry(new DeadKey(sequence, ""));
        return found != null && found.getKey().sequence() == sequence ? Optional.of(found.getValue()) : Optional.empty();
    }

    @Override
    public synchronized int redrive(Collection<Long> sequences, long now) {
        int count = 0;
        Iterator<Map.Entry<DeadKey, Dead>> letters = dead.entrySet().iterator();
        while (letters.hasNext()) {
            Map.Entry<DeadKey, Dead> letter = letters.next();
            if (sequences != null && !sequences.contains(letter.getKey().sequence())) {
                continue;
            }
            letters.remove();
            journal.undead(letter.getKey().sequence(), letter.getKey().group());
            StoredMessage message = letter.getValue().message();
            GroupQueue group = group(letter.getKey().group(), now);
            Entry entry = messages.get(message.sequence());
            if (entry == null) {
                // every other group had settled it: it is stored again, for this group alone
                entry = new Entry(message, 0);
                messages.put(message.sequence(), entry);
                journal.stored(message, null);
                for (String other : groups.keySet()) {
                    if (!other.equals(letter.getKey().group())) {
                        journal.settled(other, message.sequence());
                    }
                }
            }
            journal.unsettled(letter.getKey().group(), message.sequence());
            entry.pending++;
            group.offer(message, now, now);
            count++;
        }
        return count;
    }

    @Override
    public synchronized int purge(Collection<Long> sequences) {
        int before = dead.size();
        dead.keySet().removeIf(key -> {
            boolean purged = sequences == null || sequences.contains(key.sequence());
            if (purged) {
                journal.undead(key.sequence(), key.group());
            }
            return purged;
        });
        return before - dead.size();
    }

    @Override
    public synchronized void close() {
        messages.clear();
        groups.clear();
        dead.clear();
        dedup.clear();
    }
}
