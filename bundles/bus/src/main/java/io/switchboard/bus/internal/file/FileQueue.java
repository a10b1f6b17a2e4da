package io.switchboard.bus.internal.file;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import io.switchboard.system.durability.GroupCommit;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.internal.memory.Journal;
import io.switchboard.bus.internal.memory.MemoryQueue;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/**
 * A topic of the file driver: the memory driver's queue as the index, every change of it written to
 * the store's maps ({@link Journal}), and the store committed before a publish or an ack is answered
 * (in groups, {@link GroupCommit}). On open the maps are replayed into a new index: messages and
 * what each group settled come back; leases do not (what was in flight is delivered again). A new
 * message is leased only once a commit holds it: a consumer never sees one a crash then loses.
 */
final class FileQueue implements TopicQueue {

    private static final char SEPARATOR = '\u0000';

    private final MemoryQueue index;
    private final GroupCommit commit;
    private final MVMap<Long, byte[]> messages;
    private final MVMap<String, Long> groups;
    private final MVMap<String, Boolean> settled;
    private final MVMap<String, Integer> deliveries;
    private final MVMap<String, byte[]> dead;
    /** Each group's last failure with a message it still has, for its dead letter. */
    private final MVMap<String, byte[]> failures;

    FileQueue(MVStore store, GroupCommit commit, String topic, TopicSettings settings, long now) {
        this.commit = commit;
        this.messages = store.openMap(mapName(topic, "messages"));
        this.groups = store.openMap(mapName(topic, "groups"));
        this.settled = store.openMap(mapName(topic, "settled"));
        this.deliveries = store.openMap(mapName(topic, "deliveries"));
        this.dead = store.openMap(mapName(topic, "dead"));
        this.failures = store.openMap(mapName(topic, "failures"));
        this.index = new MemoryQueue(settings);
        replay(now);
        index.holdNewMessages();
        index.journal(new ToDisk());
    }

    static List<String> mapNames(String topic) {
        return List.of("messages", "groups", "settled", "deliveries", "dead", "failures").stream().map(kind -> mapName(topic, kind)).toList();
    }

    private static String mapName(String topic, String kind) {
        return "bus/" + topic + "/" + kind;
    }

    /** A map's size is its root page's count: an empty map is known at once, without a search for the key. */
    private static void removeFrom(MVMap<String, ?> map, String key) {
        if (!map.isEmpty()) {
            map.remove(key);
        }
    }

    private static String key(String group, long sequence) {
        return group + SEPARATOR + sequence;
    }

    private void replay(long now) {
        groups.keySet().forEach(group -> index.restoreGroup(group, now));
        for (Map.Entry<Long, byte[]> stored : messages.entrySet()) {
            Records.Message record = Records.message(stored.getValue());
            index.restore(record.message(), record.dedupId(), now);
        }
        for (String key : settled.keySet()) {
            int at = key.lastIndexOf(SEPARATOR);
            index.restoreSettled(key.substring(0, at), Long.parseLong(key.substring(at + 1)));
        }
        for (Map.Entry<String, Integer> count : deliveries.entrySet()) {
            int at = count.getKey().lastIndexOf(SEPARATOR);
            index.restoreDeliveries(count.getKey().substring(0, at), Long.parseLong(count.getKey().substring(at + 1)), count.getValue());
        }
        for (Map.Entry<String, byte[]> failure : failures.entrySet()) {
            int at = failure.getKey().lastIndexOf(SEPARATOR);
            index.restoreFailure(failure.getKey().substring(0, at), Long.parseLong(failure.getKey().substring(at + 1)), Records.failure(failure.getValue()));
        }
        dead.values().forEach(record -> index.restoreDead(Records.dead(record)));
    }

    /** Writes each change of the index to the maps; the commit comes after, outside the index's lock. */
    private final class ToDisk implements Journal {

        @Override
        public void stored(StoredMessage message, String dedupId) {
            messages.put(message.sequence(), Records.message(message, dedupId));
        }

        /** Each group's parts go with the message: one key per group, and no look into a map that holds nothing (often settled and failures). */
        @Override
        public void removed(long sequence) {
            messages.remove(sequence);
            for (String group : groups.keySet()) {
                String key = key(group, sequence);
                removeFrom(settled, key);
                removeFrom(deliveries, key);
                removeFrom(failures, key);
            }
        }

        @Override
        public void group(String name) {
            groups.put(name, 0L);
        }

        @Override
        public void delivered(String group, long sequence, int count) {
            deliveries.put(key(group, sequence), count);
        }

        @Override
        public void failed(String group, long sequence, TopicQueue.Failure failure) {
            if (failure == null) {
                failures.remove(key(group, sequence));
            } else {
                failures.put(key(group, sequence), Records.failure(failure));
            }
        }

        @Override
        public void settled(String group, long sequence) {
            String key = key(group, sequence);
            settled.put(key, Boolean.TRUE);
            removeFrom(deliveries, key);
            removeFrom(failures, key);
        }

        @Override
        public void unsettled(String group, long sequence) {
            settled.remove(key(group, sequence));
        }

        @Override
        public void dead(TopicQueue.Dead letter) {
            dead.put(key(letter.group(), letter.message().sequence()), Records.dead(letter));
            settled(letter.group(), letter.message().sequence());
        }

        @Override
        public void undead(long sequence, String group) {
            dead.remove(key(group, sequence));
        }
    }

    @Override
    public void configure(TopicSettings settings) {
        index.configure(settings);
    }

    @Override
    public Appended append(StoredMessage message, String dedupId, long now) {
        Appended appended = index.append(message, dedupId, now);
        awaitDurable(appended.sequence());
        return appended;
    }

    /**
     * Returns once the message with this sequence is on disk, and lets consumers lease it (and every
     * earlier one: the journal writes them to the store in sequence order, under the index's lock).
     * A duplicate waits too when its first publish is not yet committed, so that its 202 also means stored.
     */
    private void awaitDurable(long sequence) {
        if (!index.leasable(sequence)) {
            commit.awaitDurable();
            index.leasableThrough(sequence);
        }
    }

    /** The batch written to the maps, then one commit for all of it (with the other publishers' and acks' of the moment). */
    @Override
    public List<BatchOutcome> append(List<Append> batch, long now) {
        List<BatchOutcome> outcomes = index.append(batch, now);
        outcomes.stream().filter(outcome -> outcome.appended() != null).mapToLong(outcome -> outcome.appended().sequence()).max()
                .ifPresent(this::awaitDurable);
        return outcomes;
    }

    @Override
    public List<Settled> ack(String group, List<Long> sequences, String consumer, long now) {
        List<Settled> outcomes = index.ack(group, sequences, consumer, now);
        if (outcomes.contains(Settled.DONE)) {
            commit.awaitDurable();
        }
        return outcomes;
    }

    @Override
    public Leased lease(String group, String consumer, int max, long now, long visibleUntil) {
        return index.lease(group, consumer, max, now, visibleUntil);
    }

    @Override
    public Settled ack(String group, long sequence, String consumer, long now) {
        Settled outcome = index.ack(group, sequence, consumer, now);
        if (outcome == Settled.DONE) {
            commit.awaitDurable();
        }
        return outcome;
    }

    /** Journalled as single nacks are, without a commit of its own (a nack that a crash loses is a lease that runs out). */
    @Override
    public List<Settled> nack(String group, List<Long> sequences, String consumer, long visibleAt, long now) {
        return index.nack(group, sequences, consumer, visibleAt, now);
    }

    @Override
    public Settled nack(String group, long sequence, String consumer, long visibleAt, long now) {
        return index.nack(group, sequence, consumer, visibleAt, now);
    }

    @Override
    public Settled nack(String group, long sequence, String consumer, long visibleAt, long now, Failure failure) {
        return index.nack(group, sequence, consumer, visibleAt, now, failure);
    }

    @Override
    public int release(String group, String consumer, long now) {
        return index.release(group, consumer, now);
    }

    @Override
    public List<Dead> expire(long now) {
        return index.expire(now);
    }

    @Override
    public Optional<StoredMessage> message(long sequence) {
        return index.message(sequence);
    }

    @Override
    public Stats stats(long now) {
        return index.stats(now);
    }

    @Override
    public List<Dead> deadLetters(int limit) {
        return index.deadLetters(limit);
    }

    @Override
    public Optional<Dead> deadLetter(long sequence) {
        return index.deadLetter(sequence);
    }

    @Override
    public int redrive(Collection<Long> sequences, long now) {
        int count = index.redrive(sequences, now);
        commit.awaitDurable();
        return count;
    }

    @Override
    public int purge(Collection<Long> sequences) {
        int count = index.purge(sequences);
        commit.awaitDurable();
        return count;
    }

    @Override
    public void close() {
        index.close();
    }
}
