package io.switchboard.bus.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;
import redis.clients.jedis.UnifiedJedis;

/**
 * A topic on Redis: every key under {@code sb:bus:{<topic>}:} (one hash slot), every change one Lua
 * script, so that several runtimes sharing the server hand each message to one consumer of a group.
 */
final class RedisQueue implements TopicQueue {

    private final UnifiedJedis redis;
    private final Scripts scripts;
    private final String prefix;
    private volatile TopicSettings settings;

    RedisQueue(UnifiedJedis redis, Scripts scripts, String topic, TopicSettings settings) {
        this.redis = redis;
        this.scripts = scripts;
        this.prefix = prefix(topic);
        configure(settings);
    }

    static String prefix(String topic) {
        return "sb:bus:{" + topic + "}:";
    }

    private static byte[] text(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private Object run(String script, Object... args) {
        List<byte[]> arguments = new ArrayList<>(args.length);
        for (Object arg : args) {
            arguments.add(arg instanceof byte[] bytes ? bytes : text(arg));
        }
        try {
            return scripts.run(script, prefix, arguments);
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().contains(Scripts.NO_SETTINGS)) {
                throw e;
            }
            configure(settings); // the server lost them (a restart without persistence): set again, and once more
            return scripts.run(script, prefix, arguments);
        }
    }

    @Override
    public void configure(TopicSettings changed) {
        this.settings = changed;
        TopicSettings settings = changed;
        run("configure", settings.discipline().settingName(), settings.maxLength(), settings.overflow().settingName(), settings.retentionMillis(),
                settings.maxDeliveries(), settings.dedupWindowMillis());
    }

    @Override
    public Appended append(StoredMessage message, String dedupId, long now) {
        List<?> reply = (List<?>) run("append", now, Codec.encode(message), message.priority(), message.visibleAt(), message.publishedAt(),
                message.key() == null ? "" : message.key(), dedupId == null ? "" : dedupId);
        long sequence = (Long) reply.get(0);
        if (sequence < 0) {
            throw full();
        }
        return new Appended(sequence, (Long) reply.get(1) == 1);
    }

    /** One script call for the whole batch (appendall: append's script once per entry); a full topic refuses its entries alone. */
    @Override
    public List<BatchOutcome> append(List<Append> batch, long now) {
        List<Object> args = new ArrayList<>(batch.size() * 7);
        for (Append entry : batch) {
            StoredMessage message = entry.message();
            args.addAll(List.of(now, Codec.encode(message), message.priority(), message.visibleAt(), message.publishedAt(),
                    message.key() == null ? "" : message.key(), entry.dedupId() == null ? "" : entry.dedupId()));
        }
        List<?> replies = (List<?>) run("appendall", args.toArray());
        List<BatchOutcome> outcomes = new ArrayList<>(replies.size());
        for (Object reply : replies) {
            List<?> answer = (List<?>) reply;
            long sequence = (Long) answer.get(0);
            outcomes.add(sequence < 0 ? new BatchOutcome(null, full()) : new BatchOutcome(new Appended(sequence, (Long) answer.get(1) == 1), null));
        }
        return outcomes;
    }

    private static SwitchboardException full() {
        return new SwitchboardException(BusErrors.TOPIC_FULL, "the topic holds its maxLength of messages and its overflow is reject;"
                + " consume some, or raise maxLength");
    }

    /** One script call for the batch (settleall: settle's script once per sequence). */
    @Override
    public List<Settled> ack(String group, List<Long> sequences, String consumer, long now) {
        return settleAll(group, sequences, consumer, now, -1);
    }

    @Override
    public List<Settled> nack(String group, List<Long> sequences, String consumer, long visibleAt, long now) {
        return settleAll(group, sequences, consumer, now, visibleAt);
    }

    private List<Settled> settleAll(String group, List<Long> sequences, String consumer, long now, long visibleAt) {
        List<Object> args = new ArrayList<>(sequences.size() + 4);
        args.addAll(List.of(group, consumer, now, visibleAt));
        args.addAll(sequences);
        List<Settled> outcomes = new ArrayList<>(sequences.size());
        for (Object reply : (List<?>) run("settleall", args.toArray())) {
            outcomes.add(Settled.valueOf(string(reply)));
        }
        return outcomes;
    }

    @Override
    public Leased lease(String group, String consumer, int max, long now, long visibleUntil) {
        List<?> reply = (List<?>) run("lease", group, consumer, max, now, visibleUntil);
        List<String> died = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        List<Integer> deliveries = new ArrayList<>();
        boolean afterSeparator = false;
        for (Object item : reply) {
            String value = string(item);
            if (value.isEmpty()) {
                afterSeparator = true;
            } else if (!afterSeparator) {
                died.add(value);
            } else {
                int at = value.indexOf(':');
                sequences.add(Long.parseLong(value.substring(0, at)));
                deliveries.add(Integer.parseInt(value.substring(at + 1)));
            }
        }
        List<Lease> leased = new ArrayList<>(sequences.size());
        if (!sequences.isEmpty()) { // the records in one round trip, not one per message
            byte[][] fields = new byte[sequences.size()][];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = text(sequences.get(i));
            }
            List<byte[]> records = redis.hmget(text(prefix + "msg"), fields);
            for (int i = 0; i < fields.length; i++) {
                if (records.get(i) != null) {
                    leased.add(new Lease(Codec.decode(sequences.get(i), records.get(i)), deliveries.get(i)));
                }
            }
        }
        return new Leased(leased, dead(died));
    }

    @Override
    public Settled ack(String group, long sequence, String consumer, long now) {
        return Settled.valueOf(string(run("settle", group, sequence, consumer, now, -1)));
    }

    @Override
    public Settled nack(String group, long sequence, String consumer, long visibleAt, long now) {
        return Settled.valueOf(string(run("settle", group, sequence, consumer, now, visibleAt)));
    }

    @Override
    public Settled nack(String group, long sequence, String consumer, long visibleAt, long now, Failure failure) {
        return Settled.valueOf(string(run("settle", group, sequence, consumer, now, visibleAt,
                failure == null ? "" : failure.status() + "|" + failure.error())));
    }

    @Override
    public int release(String group, String consumer, long now) {
        return ((Long) run("release", group, consumer, now)).intValue();
    }

    @Override
    public List<Dead> expire(long now) {
        List<String> fields = new ArrayList<>();
        for (Object field : (List<?>) run("expire", now)) {
            fields.add(string(field));
        }
        return dead(fields);
    }

    /** Dead letters by their fields ({@code <sequence>:<group>}), read after the script made them. */
    private List<Dead> dead(List<String> fields) {
        List<Dead> letters = new ArrayList<>();
        for (String field : fields) {
            byte[] info = redis.hget(text(prefix + "deadinfo"), text(field));
            byte[] record = redis.hget(text(prefix + "deadmsg"), text(field));
            byte[] failure = redis.hget(text(prefix + "deadfail"), text(field));
            if (info != null && record != null) {
                letters.add(letter(field, new String(info, StandardCharsets.UTF_8), record, failure));
            }
        }
        return letters;
    }

    private static Dead letter(String field, String info, byte[] record, byte[] failure) {
        int at = field.indexOf(':');
        long sequence = Long.parseLong(field.substring(0, at));
        String[] parts = info.split("\\|", 4);
        return new Dead(Codec.decode(sequence, record), field.substring(at + 1), Integer.parseInt(parts[0]), parts[1], Long.parseLong(parts[2]),
                failure == null ? null : failure(new String(failure, StandardCharsets.UTF_8)));
    }

    /** A failure as the settle script keeps it: {@code <status>|<error>}. */
    private static Failure failure(String kept) {
        int at = kept.indexOf('|');
        return new Failure(Integer.parseInt(kept.substring(0, at)), kept.substring(at + 1));
    }

    @Override
    public Optional<StoredMessage> message(long sequence) {
        byte[] record = redis.hget(text(prefix + "msg"), text(sequence));
        return record == null ? Optional.empty() : Optional.of(Codec.decode(sequence, record));
    }

    @Override
    public Stats stats(long now) {
        List<?> reply = (List<?>) run("stats");
        Map<String, GroupStats> groups = new LinkedHashMap<>();
        for (int i = 3; i + 3 < reply.size() + 1; i += 4) {
            groups.put(string(reply.get(i)), new GroupStats((Long) reply.get(i + 1), (Long) reply.get(i + 2), (Long) reply.get(i + 3)));
        }
        return new Stats((Long) reply.get(0), (Long) reply.get(1), groups, (Long) reply.get(2));
    }

    @Override
    public List<Dead> deadLetters(int limit) {
        List<String> fields = redis.zrange(prefix + "deadorder", 0, Math.max(0, limit) - 1L);
        return limit <= 0 ? List.of() : dead(fields);
    }

    @Override
    public Optional<Dead> deadLetter(long sequence) {
        List<String> fields = redis.zrangeByScore(prefix + "deadorder", sequence, sequence);
        return fields.isEmpty() ? Optional.empty() : dead(fields.subList(0, 1)).stream().findFirst();
    }

    @Override
    public int redrive(Collection<Long> sequences, long now) {
        List<Object> args = new ArrayList<>();
        args.add(now);
        if (sequences != null) {
            if (sequences.isEmpty()) {
                return 0;
            }
            args.addAll(sequences);
        }
        return ((Long) run("redrive", args.toArray())).intValue();
    }

    @Override
    public int purge(Collection<Long> sequences) {
        if (sequences != null && sequences.isEmpty()) {
            return 0;
        }
        return ((Long) run("purge", sequences == null ? new Object[0] : sequences.toArray())).intValue();
    }

    @Override
    public void close() {
        // everything lives in the server
    }
}
