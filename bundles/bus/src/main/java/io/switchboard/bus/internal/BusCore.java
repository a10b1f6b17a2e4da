package io.switchboard.bus.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.DeadLetter;
import io.switchboard.bus.internal.route.MessageFilter;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.ScheduleInfo;
import io.switchboard.bus.TopicInfo;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.WebhookInfo;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * The bus: topics by name, each on its driver's {@link TopicQueue}; time from a clock; a sweeper
 * that returns leases that ran out, kills what ran out of deliveries and forwards dead letters.
 * Topic settings are kept in the data store under {@value #TOPICS} (the reserved tree), so they
 * outlive a restart whatever the driver.
 */
@Component(service = {Bus.class, BusCore.class}, configurationPid = "io.switchboard.bus", immediate = true)
@Designate(ocd = BusConfig.class)
public final class BusCore implements Bus {

    private static final StoreAwait SETTINGS = new StoreAwait("the bus's settings");

    private static final Logger LOG = LoggerFactory.getLogger(BusCore.class);
    static final String TOPICS = "/_SYSTEM/bus/topics/";
    /** The most leases of the driver one lease of a filtered group makes while it finds only messages the filter drops. */
    static final int MAX_FILTERED_ROUNDS = 10;
    /** Headers a dead letter forwarded to a {@code deadLetter} topic carries. */
    static final String DEAD_TOPIC = "Bus-Dead-Letter-Topic";
    static final String DEAD_GROUP = "Bus-Dead-Letter-Group";
    static final String DEAD_REASON = "Bus-Dead-Letter-Reason";
    static final String DEAD_DELIVERIES = "Bus-Deliveries";
    static final String DEAD_ID = "Bus-Dead-Letter-Id";
    /** The last failed attempt's HTTP status and error, when a nack told them (a webhook's). */
    static final String DEAD_STATUS = "Bus-Dead-Letter-Status";
    static final String DEAD_ERROR = "Bus-Dead-Letter-Error";

    private final DataService data;
    private final BusConfig config;
    private final Clock clock;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<String, BusDriver> drivers = new ConcurrentHashMap<>();
    private final Replies replies;
    private final GroupFilters groupFilters;
    private final ScheduledExecutorService timer;
    /**
     * Told of every ack and nack (consumer, message ids): push consumers (streams) count what is still out.
     * A batch is told once, so that a stream wakes once for it, not once per message.
     */
    private final List<java.util.function.BiConsumer<String, List<String>>> settledListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The middleware chain (docs/bus-middleware.md): before storage and after delivery; null in unit tests that run without it. */
    private volatile io.switchboard.bus.middleware.internal.MiddlewareChain middleware;

    @Reference
    public void setMiddleware(io.switchboard.bus.middleware.internal.MiddlewareChain chain) {
        this.middleware = chain;
    }

    /** Publishes as a producer (the logged-in user or service, or a schedule's creator): what the middleware records as its identity. */
    public Published publishAs(String name, Outgoing message, String producer) {
        return publish(name, message, false, producer);
    }

    /** {@link #request} as a producer. */
    public Request requestAs(String name, Outgoing message, Duration timeout, String producer) {
        checkReplyTimeout(timeout);
        return replies.await(() -> publish(name, message, true, producer).id(), timeout);
    }

    /** A stored message through the middleware's delivery side (a compressed payload restored, and what links add). */
    private StoredMessage restored(String topic, StoredMessage message) {
        io.switchboard.bus.middleware.internal.MiddlewareChain chain = middleware;
        if (chain == null) {
            return message;
        }
        io.switchboard.bus.middleware.BusMessage out = chain.afterDelivery(new io.switchboard.bus.middleware.BusMessage(topic, message.payload(),
                message.headers(), message.headers().get(io.switchboard.bus.middleware.internal.ProducerIdentity.HEADER)));
        return new StoredMessage(message.sequence(), out.payload(), message.priority(), message.key(), message.publishedAt(), message.visibleAt(),
                message.reply(), out.headers());
    }

    /** The event log (docs/bus-logging.md): off, and no event built, until a rule is configured. */
    private volatile io.switchboard.bus.logging.BusEventLog eventLog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unsetEventLog")
    public void setEventLog(io.switchboard.bus.logging.BusEventLog log) {
        this.eventLog = log;
    }

    public void unsetEventLog(io.switchboard.bus.logging.BusEventLog log) {
        if (this.eventLog == log) {
            this.eventLog = null;
        }
    }

    /** Builds and logs an event only when some rule may want it. */
    private void logEvent(java.util.function.Supplier<io.switchboard.bus.logging.BusEventLog.Event> event) {
        io.switchboard.bus.logging.BusEventLog log = eventLog;
        if (log != null && log.on()) {
            try {
                log.log(event.get());
            } catch (RuntimeException e) {
                LOG.warn("bus: an event could not be logged ({})", e.getMessage());
            }
        }
    }

    @Activate
    public BusCore(@Reference DataService data, BusConfig config) {
        this(data, config, Clock.systemUTC(), true);
    }

    /** For tests: a clock they move, and no sweeper thread (they call {@link #sweep}). */
    public BusCore(DataService data, BusConfig config, Clock clock, boolean sweeper) {
        this.data = data;
        this.groupFilters = new GroupFilters(data);
        this.config = config;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-bus-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.replies = new Replies(timer, config.maxWaitingReplies());
        for (Item item : SETTINGS.await(data.find(TOPICS + "*", Query.ALL))) {
            String name = item.path().substring(TOPICS.length());
            try {
                topics.put(name, new Topic(name, stored(name, item.data())));
            } catch (SwitchboardException e) {
                LOG.warn("bus: the stored settings of topic {} cannot be read ({}); it is left out", name, e.getMessage());
            }
        }
        if (sweeper) {
            long every = Math.max(10, config.sweepIntervalMillis());
            timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        replies.failAll();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addDriver(BusDriver driver, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(BusDriver.NAME));
        drivers.put(name, driver);
        for (Topic topic : topics.values()) {
            if (topic.settings.driver().equals(name)) {
                topic.queue = driver.open(topic.name, topic.settings);
            }
        }
    }

    public void removeDriver(BusDriver driver, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(BusDriver.NAME));
        if (drivers.remove(name, driver)) {
            for (Topic topic : topics.values()) {
                if (topic.settings.driver().equals(name)) {
                    topic.queue = null;
                }
            }
        }
    }

    Clock clock() {
        return clock;
    }

    BusConfig config() {
        return config;
    }

    /** The drivers running now, by name. */
    Map<String, BusDriver> drivers() {
        return Map.copyOf(drivers);
    }

    // --- topics

    /** A topic's settings from a request's JSON: the current ones (or the defaults) changed by what it names. */
    public TopicSettings settingsFrom(String name, JsonNode json) {
        Names.topic(name);
        Topic existing = topics.get(name);
        TopicSettings current = existing != null ? existing.settings : TopicSettings.defaults(config.defaultDriver());
        TopicSettings settings = SettingsJson.read(name, json, current, bounds(Set.copyOf(drivers.keySet())));
        if (existing != null && !existing.settings.driver().equals(settings.driver())) {
            throw new SwitchboardException(BusErrors.DRIVER_CHANGE, "topic '" + name + "' is on the " + existing.settings.driver()
                    + " driver; a topic keeps its driver (delete it and make it again to move it)");
        }
        return settings;
    }

    private SettingsJson.Bounds bounds(Set<String> knownDrivers) {
        return new SettingsJson.Bounds(config.maxTopicLength(), config.minVisibilityMillis(), config.maxVisibilityMillis(),
                config.maxDeliveriesLimit(), config.maxDedupWindowMillis(), knownDrivers);
    }

    /** Settings read back from the store: checked as a request's are, against the driver they name. */
    private TopicSettings stored(String name, JsonNode json) {
        String driver = json.path("driver").asText(config.defaultDriver());
        SettingsJson.Bounds lenient = new SettingsJson.Bounds(Integer.MAX_VALUE, 1, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Set.of(driver));
        return SettingsJson.read(name, json, TopicSettings.defaults(driver), lenient);
    }

    @Override
    public synchronized TopicInfo putTopic(String name, TopicSettings settings) {
        Names.topic(name);
        BusDriver driver = drivers.get(settings.driver());
        if (driver == null) {
            throw new SwitchboardException(BusErrors.INVALID_DRIVER, "the driver '" + BusErrors.shown(settings.driver()) + "' is not running");
        }
        Topic topic = topics.get(name);
        if (topic == null && topics.size() >= config.maxTopics()) {
            throw new SwitchboardException(BusErrors.TOO_MANY_TOPICS, "the bus holds its maximum of " + config.maxTopics() + " topics (maxTopics)");
        }
        if (topic != null && !topic.settings.driver().equals(settings.driver())) {
            throw new SwitchboardException(BusErrors.DRIVER_CHANGE, "topic '" + name + "' is on the " + topic.settings.driver() + " driver");
        }
        TopicQueue queue = driverCall(settings.driver(), name, () -> driver.open(name, settings));
        SETTINGS.await(data.set(TOPICS + name, SettingsJson.write(settings), WriteOptions.DEFAULTS));
        if (topic == null) {
            topic = new Topic(name, settings);
            topics.put(name, topic);
        }
        topic.settings = settings;
        topic.queue = queue;
        driverCall(settings.driver(), name, () -> {
            queue.configure(settings);
            return null;
        });
        return info(topic);
    }

    @Override
    public Optional<TopicInfo> topic(String name) {
        Topic topic = topics.get(name);
        return topic == null ? Optional.empty() : Optional.of(info(topic));
    }

    @Override
    public List<TopicInfo> topics() {
        return new TreeSet<>(topics.keySet()).stream().map(topics::get).filter(java.util.Objects::nonNull).map(this::info).toList();
    }

    @Override
    public synchronized boolean deleteTopic(String name) {
        Topic topic = topics.get(name);
        if (topic == null) {
            return false;
        }
        BusDriver driver = drivers.get(topic.settings.driver());
        if (driver == null) {
            throw unavailable(topic);
        }
        driverCall(topic.settings.driver(), name, () -> {
            driver.delete(name);
            return null;
        });
        SETTINGS.await(data.remove(TOPICS + name, WriteOptions.DEFAULTS));
        groupFilters.forget(name);
        topics.remove(name);
        topic.queue = null;
        topic.wake(); // its streams find it gone and end
        replies.forgetTopic(name + "~");
        return true;
    }

    /** A topic's settings, without asking its driver anything (a publish's and a delivery's check; {@link #topic} reads the numbers). */
    public Optional<TopicSettings> settings(String name) {
        Topic topic = topics.get(name);
        return topic == null ? Optional.empty() : Optional.of(topic.settings);
    }

    private TopicInfo info(Topic topic) {
        long now = clock.millis();
        TopicQueue queue = topic.queue;
        if (queue == null) {
            return new TopicInfo(topic.name, topic.settings, -1, -1, Map.of(), topic.published.total(), topic.published.perSecond(now),
                    topic.acked.perSecond(now));
        }
        TopicQueue.Stats stats;
        try {
            stats = queue.stats(now);
        } catch (RuntimeException e) { // its server went away: the topic is still listed, its numbers unknown (-1), as without its driver
            return new TopicInfo(topic.name, topic.settings, -1, -1, Map.of(), topic.published.total(), topic.published.perSecond(now),
                    topic.acked.perSecond(now));
        }
        Map<String, TopicInfo.GroupInfo> groups = new LinkedHashMap<>();
        stats.groups().forEach((group, numbers) -> groups.put(group,
                new TopicInfo.GroupInfo(numbers.ready(), numbers.inFlight(), numbers.delayed(), topic.consumers(group, now))));
        return new TopicInfo(topic.name, topic.settings, stats.depth(), stats.dead(), groups, topic.published.total(),
                topic.published.perSecond(now), topic.acked.perSecond(now));
    }

    /** The topic, with its queue; unknown or driver away are errors. */
    Topic open(String name) {
        Topic topic = topics.get(name);
        if (topic == null) {
            throw new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + BusErrors.shown(name) + "'; make it with PUT /api/bus/topics/" + BusErrors.shown(name));
        }
        if (topic.queue == null) {
            throw unavailable(topic);
        }
        return topic;
    }

    /** Whether a topic exists (for checks before anything is stored). */
    boolean exists(String name) {
        return topics.containsKey(name);
    }

    private static SwitchboardException unavailable(Topic topic) {
        return new SwitchboardException(BusErrors.DRIVER_UNAVAILABLE, "the " + topic.settings.driver() + " driver of topic '" + topic.name
                + "' is not running; /health says why");
    }

    // --- publish

    @Override
    public Published publish(String name, Outgoing message) {
        return publish(name, message, false);
    }

    private Published publish(String name, Outgoing message, boolean reply) {
        return publish(name, message, reply, null);
    }

    private Published publish(String name, Outgoing message, boolean reply, String producer) {
        Topic topic = open(name);
        long now = clock.millis();
        StoredMessage stored = toStore(name, message, reply, producer, now);
        TopicQueue.Appended appended = driverCall(topic, queue -> queue.append(stored, message.dedupId(), now));
        if (!appended.duplicate()) {
            topic.published.add(now, 1);
            topic.wake();
            logPublished(name, appended, stored, message);
        }
        return new Published(Names.messageId(name, appended.sequence()), appended.duplicate());
    }

    /** A message checked and through the middleware's storage side, as it is stored (its sequence assigned by the driver). */
    private StoredMessage toStore(String name, Outgoing message, boolean reply, String producer, long now) {
        check(message);
        byte[] payload = message.payload();
        Map<String, String> headers = message.headers();
        io.switchboard.bus.middleware.internal.MiddlewareChain chain = middleware;
        if (chain != null) {
            io.switchboard.bus.middleware.BusMessage out = chain.beforeStore(new io.switchboard.bus.middleware.BusMessage(name, payload, headers, producer),
                    config.maxPayloadBytes());
            payload = out.payload();
            headers = out.headers();
        }
        return new StoredMessage(0, payload, message.priority(), message.key(), now, now + message.delayMillis(), reply, headers);
    }

    private void logPublished(String name, TopicQueue.Appended appended, StoredMessage stored, Outgoing sent) {
        logEvent(() -> new io.switchboard.bus.logging.BusEventLog.Event("publish", name, Names.messageId(name, appended.sequence()),
                stored.headers().get(io.switchboard.bus.middleware.internal.ProducerIdentity.HEADER), null, null, 0, sent.priority(), null,
                sent.payload(), stored.headers()));
    }

    /** A batch entry's outcome: published, or refused with its code (the topic full); nothing else refuses one entry alone. */
    public record BatchResult(Published published, SwitchboardException refused) {
    }

    /**
     * Publishes a batch to one topic as a producer. Every entry is checked, and passes the middleware,
     * before any is stored: one bad entry refuses the whole batch (the error names it), and nothing is
     * stored. Then one driver call stores them all, kept as the driver promises before this returns.
     *
     * @return one result per entry, in order
     */
    public List<BatchResult> publishAllAs(String name, List<Outgoing> messages, String producer) {
        Topic topic = open(name);
        checkBatch(messages.size());
        long now = clock.millis();
        List<TopicQueue.Append> batch = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                batch.add(new TopicQueue.Append(toStore(name, messages.get(i), false, producer, now), messages.get(i).dedupId()));
            } catch (SwitchboardException e) {
                throw inBatch(i, e);
            }
        }
        List<TopicQueue.BatchOutcome> outcomes = driverCall(topic, queue -> queue.append(batch, now));
        List<BatchResult> results = new ArrayList<>(outcomes.size());
        int stored = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            TopicQueue.BatchOutcome outcome = outcomes.get(i);
            if (outcome.refused() != null) {
                results.add(new BatchResult(null, outcome.refused()));
                continue;
            }
            TopicQueue.Appended appended = outcome.appended();
            String id = Names.messageId(name, appended.sequence());
            results.add(new BatchResult(new Published(id, appended.duplicate()), null));
            if (!appended.duplicate()) {
                stored++;
                logPublished(name, appended, batch.get(i).message(), messages.get(i));
            }
        }
        if (stored > 0) {
            topic.published.add(now, stored);
            topic.wake(); // once for the batch: a stream leases what is there
        }
        return results;
    }

    /** An entry's refusal as the whole batch's: the entry named by its index (every edge's batch says it the same way). */
    public static SwitchboardException inBatch(int index, SwitchboardException refused) {
        return new SwitchboardException(refused.code(), "messages[" + index + "]: " + refused.getMessage() + " (nothing of the batch was stored)", refused);
    }

    /** A batch's size: 1 to {@code maxBatchMessages}. */
    public void checkBatch(int size) {
        if (size == 0) {
            throw new SwitchboardException(BusErrors.EMPTY_BATCH, "the batch is empty; send 1 to " + config.maxBatchMessages() + " entries");
        }
        if (size > config.maxBatchMessages()) {
            throw new SwitchboardException(BusErrors.BATCH_TOO_LARGE, "a batch holds at most " + config.maxBatchMessages()
                    + " entries (maxBatchMessages), this one " + size);
        }
    }

    public int maxBatchMessages() {
        return config.maxBatchMessages();
    }

    public int maxBatchBytes() {
        return config.maxBatchBytes();
    }

    /**
     * Acks a batch of message ids (of any topics) in one group: per topic, one driver call, durable
     * before this returns. Each id is answered alone: null when acked, else why not (unknown,
     * leased to another consumer, already acked ...); a refusal of one changes nothing of the others.
     */
    public List<SwitchboardException> ackAll(List<String> messageIds, String group, String consumer) {
        return settleAll(messageIds, group, consumer, "ack", (queue, sequences, now) -> queue.ack(group, sequences, consumer, now));
    }

    /** Nacks a batch of message ids in one group: per topic, one driver call; each id answered alone as in {@link #ackAll}. */
    public List<SwitchboardException> nackAll(List<String> messageIds, String group, String consumer, Duration delay) {
        long wait = checkNackDelay(delay);
        return settleAll(messageIds, group, consumer, "nack", (queue, sequences, now) -> queue.nack(group, sequences, consumer, now + wait, now));
    }

    /** One driver call that settles a topic's share of a batch. */
    private interface BatchSettle {
        List<TopicQueue.Settled> settle(TopicQueue queue, List<Long> sequences, long now);
    }

    /** A batch ack or nack: the ids grouped by topic, one driver call per topic, then each id's outcome. */
    private List<SwitchboardException> settleAll(List<String> messageIds, String group, String consumer, String event, BatchSettle call) {
        checkBatch(messageIds.size());
        Names.group(group);
        SwitchboardException[] results = new SwitchboardException[messageIds.size()];
        List<String> done = new ArrayList<>(messageIds.size());
        Names.MessageId[] parsed = new Names.MessageId[messageIds.size()]; // each id parsed once
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (int i = 0; i < messageIds.size(); i++) {
            try {
                parsed[i] = Names.parse(messageIds.get(i));
                byTopic.computeIfAbsent(parsed[i].topic(), t -> new ArrayList<>()).add(i);
            } catch (SwitchboardException e) {
                results[i] = e;
            }
        }
        long now = clock.millis();
        byTopic.forEach((name, indexes) -> {
            List<Long> sequences = indexes.stream().map(i -> parsed[i].sequence()).toList();
            List<TopicQueue.Settled> outcomes;
            Topic topic;
            try {
                topic = open(name);
                outcomes = driverCall(topic, queue -> call.settle(queue, sequences, now));
            } catch (SwitchboardException e) {
                indexes.forEach(i -> results[i] = e);
                return;
            }
            int settled = 0;
            for (int k = 0; k < indexes.size(); k++) {
                String id = messageIds.get(indexes.get(k));
                try {
                    settled(outcomes.get(k), id, group);
                } catch (SwitchboardException e) {
                    results[indexes.get(k)] = e;
                    continue;
                }
                settled++;
                done.add(id);
                logEvent(() -> new io.switchboard.bus.logging.BusEventLog.Event(event, name, id, null, group, consumer, 0, -1, null, null, null));
            }
            if (event.equals("ack")) {
                topic.acked.add(now, settled);
            } else if (settled > 0) {
                topic.wake(); // once for the batch: what came back is there to lease
            }
        });
        if (!done.isEmpty()) {
            settledListeners.forEach(listener -> listener.accept(consumer, done)); // once for the batch
        }
        return Arrays.asList(results);
    }

    private void check(Outgoing message) {
        if (message.priority() < 0 || message.priority() > Outgoing.MAX_PRIORITY) {
            throw new SwitchboardException(BusErrors.INVALID_PRIORITY, "a priority is 0 to 9, was " + message.priority());
        }
        if (message.delayMillis() < 0 || message.delayMillis() > config.maxDelayMillis()) {
            throw new SwitchboardException(BusErrors.INVALID_HEADER, "a delay is 0 to " + config.maxDelayMillis() + " milliseconds, was " + message.delayMillis());
        }
        if (message.payload().length > config.maxPayloadBytes()) {
            throw new SwitchboardException(BusErrors.TOO_LARGE, "the payload is over the limit of " + config.maxPayloadBytes() + " bytes");
        }
    }

    @Override
    public Request request(String name, Outgoing message, Duration timeout) {
        checkReplyTimeout(timeout);
        return replies.await(() -> publish(name, message, true).id(), timeout);
    }

    private void checkReplyTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > config.maxReplyTimeoutMillis()) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "'timeout' is 1 to " + config.maxReplyTimeoutMillis() + " milliseconds");
        }
    }

    @Override
    public void reply(String messageId, String consumer, byte[] payload) {
        Names.MessageId id = Names.parse(messageId);
        Topic topic = open(id.topic());
        if (payload.length > config.maxPayloadBytes()) {
            throw new SwitchboardException(BusErrors.TOO_LARGE, "the reply is over the limit of " + config.maxPayloadBytes() + " bytes");
        }
        if (!replies.answer(messageId, payload)) {
            known(topic, id.sequence());
            throw new SwitchboardException(BusErrors.NO_REPLY_EXPECTED, "no producer waits for a reply to " + messageId
                    + ": it was not published with reply=true, was answered already, or its producer stopped waiting");
        }
    }

    // --- consume

    /**
     * Fixes a consumer group's filter when the group is made, or checks that it was made with it
     * ({@value BusErrors#GROUP_FILTER_CONFLICT} otherwise); every lease of the group then applies it.
     */
    public void filterGroup(String name, String group, MessageFilter filter) {
        Topic topic = open(name);
        Names.group(group);
        groupFilters.fix(name, group, filter, groupExists(topic, group, clock.millis()));
    }

    /**
     * Whether a group exists, refusing a new one beyond {@code maxGroupsPerTopic}. The topic's numbers
     * cost a look at every group: asked once per group here, not per lease.
     */
    private boolean groupExists(Topic topic, String group, long now) {
        if (topic.knows(group)) {
            return true;
        }
        TopicQueue.Stats stats = driverCall(topic, queue -> queue.stats(now));
        if (!stats.groups().containsKey(group) && stats.groups().size() >= config.maxGroupsPerTopic()) {
            throw new SwitchboardException(BusErrors.TOO_MANY_GROUPS, "topic '" + topic.name + "' has its maximum of " + config.maxGroupsPerTopic()
                    + " consumer groups (maxGroupsPerTopic)");
        }
        return stats.groups().containsKey(group);
    }

    /** Checks a lease's parameters without leasing anything; returns the visibility in milliseconds. */
    public long checkLease(String name, String group, int max, Duration visibility) {
        Topic topic = open(name);
        Names.group(group);
        if (max < 1 || max > config.maxLeaseMessages()) {
            throw new SwitchboardException(BusErrors.INVALID_LEASE, "'max' is 1 to " + config.maxLeaseMessages() + ", was " + max);
        }
        long visible = visibility == null ? topic.settings.ackTimeoutMillis() : visibility.toMillis();
        if (visible < config.minVisibilityMillis() || visible > config.maxVisibilityMillis()) {
            throw new SwitchboardException(BusErrors.INVALID_VISIBILITY, "'visibility' is " + config.minVisibilityMillis() + " to "
                    + config.maxVisibilityMillis() + " milliseconds, was " + visible);
        }
        return visible;
    }

    @Override
    public List<Delivery> lease(String name, String group, String consumer, int max, Duration visibility) {
        long visible = checkLease(name, group, max, visibility);
        Topic topic = open(name);
        long now = clock.millis();
        groupExists(topic, group, now);
        topic.seen(group, consumer, now);
        MessageFilter filter = groupFilters.of(name, group).orElse(null);
        List<Delivery> deliveries = new ArrayList<>();
        for (int round = 0; round < MAX_FILTERED_ROUNDS; round++) {
            TopicQueue.Leased leased = driverCall(topic, queue -> queue.lease(group, consumer, max, now, now + visible));
            forward(topic, leased.died());
            for (TopicQueue.Lease lease : leased.messages()) {
                StoredMessage message = restored(name, lease.message());
                if (filter == null || filter.test(message.payload())) {
                    deliveries.add(delivery(name, group, message, lease.deliveries()));
                } else {
                    // not for this group: settled here, never delivered (docs/bus-webhooks.md, filters)
                    driverCall(topic, queue -> queue.ack(group, message.sequence(), consumer, now));
                }
            }
            if (filter == null || !deliveries.isEmpty() || leased.messages().size() < max) {
                break; // a filtered lease that found only others' messages tries again, a few rounds at most
            }
        }
        for (Delivery delivery : deliveries) {
            logEvent(() -> new io.switchboard.bus.logging.BusEventLog.Event(delivery.deliveries() > 1 ? "redeliver" : "deliver", name, delivery.id(),
                    delivery.headers().get(io.switchboard.bus.middleware.internal.ProducerIdentity.HEADER), group, consumer, delivery.deliveries(),
                    delivery.priority(), null, delivery.payload(), delivery.headers()));
        }
        return deliveries;
    }

    static Delivery delivery(String topic, String group, StoredMessage message, int deliveries) {
        return new Delivery(Names.messageId(topic, message.sequence()), topic, group, message.payload(), message.priority(), message.key(),
                deliveries, message.publishedAt(), message.reply(), message.headers());
    }

    @Override
    public void ack(String messageId, String group, String consumer) {
        Names.MessageId id = Names.parse(messageId);
        Topic topic = open(id.topic());
        Names.group(group);
        long now = clock.millis();
        settled(driverCall(topic, queue -> queue.ack(group, id.sequence(), consumer, now)), messageId, group);
        topic.acked.add(now, 1);
        settledListeners.forEach(listener -> listener.accept(consumer, List.of(messageId)));
        logEvent(() -> new io.switchboard.bus.logging.BusEventLog.Event("ack", id.topic(), messageId, null, group, consumer, 0, -1, null, null, null));
    }

    @Override
    public void nack(String messageId, String group, String consumer, Duration delay) {
        nack(messageId, group, consumer, delay, null);
    }

    /** A nack that tells why the attempt failed (or null): a dead letter made from the message carries it. */
    public void nack(String messageId, String group, String consumer, Duration delay, TopicQueue.Failure failure) {
        Names.MessageId id = Names.parse(messageId);
        Topic topic = open(id.topic());
        Names.group(group);
        long wait = checkNackDelay(delay);
        long now = clock.millis();
        settled(driverCall(topic, queue -> queue.nack(group, id.sequence(), consumer, now + wait, now, failure)), messageId, group);
        settledListeners.forEach(listener -> listener.accept(consumer, List.of(messageId)));
        logEvent(() -> new io.switchboard.bus.logging.BusEventLog.Event("nack", id.topic(), messageId, null, group, consumer, 0, -1, null, null, null));
        topic.wake();
    }

    private long checkNackDelay(Duration delay) {
        long wait = delay == null ? 0 : delay.toMillis();
        if (wait < 0 || wait > config.maxDelayMillis()) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a nack's 'delay' is 0 to " + config.maxDelayMillis() + " milliseconds, was " + wait);
        }
        return wait;
    }

    private static void settled(TopicQueue.Settled outcome, String id, String group) {
        switch (outcome) {
            case DONE -> { }
            case UNKNOWN -> throw new SwitchboardException(BusErrors.UNKNOWN_MESSAGE, "no message " + BusErrors.shown(id) + " was ever published");
            case NOT_LEASED -> throw new SwitchboardException(BusErrors.NOT_LEASED, "message " + id + " is not leased in group '" + group
                    + "' now: its visibility ran out (it will be delivered again) or it was never leased");
            case OTHER_CONSUMER -> throw new SwitchboardException(BusErrors.NOT_LEASEHOLDER, "message " + id + " is leased to another consumer of group '"
                    + group + "'");
            case ALREADY_SETTLED -> throw new SwitchboardException(BusErrors.ALREADY_ACKED, "message " + id + " was already acked in group '" + group
                    + "' (or dead-lettered, or dropped)");
        }
    }

    /** Calls the listener with (consumer, message ids) after each ack and nack, once for a batch; closing the handle stops it. */
    public AutoCloseable onSettled(java.util.function.BiConsumer<String, List<String>> listener) {
        settledListeners.add(listener);
        return () -> settledListeners.remove(listener);
    }

    @Override
    public AutoCloseable watch(String name, Runnable listener) {
        Topic topic = open(name);
        topic.watchers.add(listener);
        return () -> topic.watchers.remove(listener);
    }

    /** Gives back at once what a consumer holds in a group (a stream that resumes); returns how many. */
    public int release(String name, String group, String consumer) {
        Topic topic = open(name);
        int released = driverCall(topic, queue -> queue.release(Names.group(group), consumer, clock.millis()));
        if (released > 0) {
            topic.wake();
        }
        return released;
    }

    public long clockMillis() {
        return clock.millis();
    }

    public int maxPayloadBytes() {
        return config.maxPayloadBytes();
    }

    public long replyTimeoutMillis() {
        return config.replyTimeoutMillis();
    }

    public long maxReplyTimeoutMillis() {
        return config.maxReplyTimeoutMillis();
    }

    public int maxLeaseMessages() {
        return config.maxLeaseMessages();
    }

    /** A producer that stopped waiting for its reply. */
    public void abandon(String messageId) {
        replies.abandon(messageId);
    }

    // --- dead letters

    @Override
    public List<DeadLetter> deadLetters(String name, int limit) {
        Topic topic = open(name);
        return driverCall(topic, queue -> queue.deadLetters(limit)).stream().map(dead -> deadLetter(name, dead)).toList();
    }

    @Override
    public Optional<DeadLetter> deadLetter(String name, String messageId) {
        Topic topic = open(name);
        long sequence = sequenceIn(name, messageId);
        return driverCall(topic, queue -> queue.deadLetter(sequence)).map(dead -> deadLetter(name, dead));
    }

    @Override
    public int redrive(String name, Collection<String> messageIds) {
        Topic topic = open(name);
        List<Long> sequences = sequences(name, messageIds);
        int count = driverCall(topic, queue -> queue.redrive(sequences, clock.millis()));
        topic.wake();
        return count;
    }

    @Override
    public int purgeDeadLetters(String name, Collection<String> messageIds) {
        Topic topic = open(name);
        List<Long> sequences = sequences(name, messageIds);
        return driverCall(topic, queue -> queue.purge(sequences));
    }

    // --- operators' views of the schedules and hooks, which depend on this class: they hand their view in when they start

    private volatile Supplier<List<ScheduleInfo>> schedules = List::of;
    private volatile Supplier<List<WebhookInfo>> webhooks = List::of;

    /** The schedules' view while they run; null when they stop. */
    public void showSchedules(Supplier<List<ScheduleInfo>> view) {
        schedules = view == null ? List::of : view;
    }

    /** The hooks' view while they run; null when they stop. */
    public void showWebhooks(Supplier<List<WebhookInfo>> view) {
        webhooks = view == null ? List::of : view;
    }

    @Override
    public List<ScheduleInfo> schedules() {
        return schedules.get();
    }

    @Override
    public List<WebhookInfo> webhooks() {
        return webhooks.get();
    }

    private static List<Long> sequences(String topic, Collection<String> ids) {
        if (ids == null) {
            return null;
        }
        List<Long> sequences = new ArrayList<>();
        for (String id : ids) {
            sequences.add(sequenceIn(topic, id));
        }
        return sequences;
    }

    private static long sequenceIn(String topic, String messageId) {
        Names.MessageId id = Names.parse(messageId);
        if (!id.topic().equals(topic)) {
            throw new SwitchboardException(BusErrors.UNKNOWN_MESSAGE, "message " + BusErrors.shown(messageId) + " is not of topic '" + topic + "'");
        }
        return id.sequence();
    }

    private DeadLetter deadLetter(String topic, TopicQueue.Dead dead) {
        return new DeadLetter(delivery(topic, dead.group(), restored(topic, dead.message()), dead.deliveries()), dead.reason(), dead.deadAt(),
                dead.last() == null ? 0 : dead.last().status(), dead.last() == null ? null : dead.last().error());
    }

    /** Copies of dead letters to the topic's {@code deadLetter} topic, when it names one that exists. */
    private void forward(Topic topic, List<TopicQueue.Dead> died) {
        for (TopicQueue.Dead dead : died) {
            logEvent(() -> {
                StoredMessage message = restored(topic.name, dead.message());
                return new io.switchboard.bus.logging.BusEventLog.Event("dead-letter", topic.name, Names.messageId(topic.name, message.sequence()),
                        message.headers().get(io.switchboard.bus.middleware.internal.ProducerIdentity.HEADER), dead.group(), null, dead.deliveries(),
                        message.priority(), dead.reason(), message.payload(), message.headers());
            });
        }
        String target = topic.settings.deadLetter();
        if (died.isEmpty() || target == null) {
            return;
        }
        for (TopicQueue.Dead stored : died) {
            TopicQueue.Dead dead = new TopicQueue.Dead(restored(topic.name, stored.message()), stored.group(), stored.deliveries(), stored.reason(), stored.deadAt(),
                    stored.last());
            Map<String, String> headers = new HashMap<>(dead.message().headers());
            headers.put(DEAD_TOPIC, topic.name);
            headers.put(DEAD_GROUP, dead.group());
            headers.put(DEAD_REASON, dead.reason());
            headers.put(DEAD_DELIVERIES, Integer.toString(dead.deliveries()));
            headers.put(DEAD_ID, Names.messageId(topic.name, dead.message().sequence()));
            if (dead.last() != null) {
                if (dead.last().status() > 0) {
                    headers.put(DEAD_STATUS, Integer.toString(dead.last().status()));
                }
                headers.put(DEAD_ERROR, dead.last().error());
            }
            Outgoing copy = new Outgoing(dead.message().payload(), dead.message().priority(), dead.message().key(), null, 0, headers);
            try {
                publish(target, copy);
            } catch (SwitchboardException e) {
                LOG.warn("bus: a dead letter of topic {} was not copied to its deadLetter topic {} ({}); it stays in {}'s dead letters",
                        topic.name, target, e.code(), topic.name);
            }
        }
    }

    // --- housekeeping

    /** One round of the sweeper: leases that ran out, delays that passed, retention, dead letters forwarded. */
    public void sweep() {
        long now = clock.millis();
        for (Topic topic : topics.values()) {
            TopicQueue queue = topic.queue;
            if (queue != null) {
                sweep(topic, queue, now);
            }
        }
    }

    /** One topic's part of a sweep; a topic whose driver fails (its server away) does not hold up the others, and is logged once per outage. */
    private void sweep(Topic topic, TopicQueue queue, long now) {
        try {
            forward(topic, queue.expire(now));
            if (topic.sweepFailing) {
                topic.sweepFailing = false;
                LOG.info("bus: topic {} is swept again", topic.name);
            }
        } catch (RuntimeException e) {
            if (!topic.sweepFailing) {
                topic.sweepFailing = true;
                LOG.warn("bus: topic {} cannot be swept: its {} driver failed ({}); its leases run out once it is back", topic.name,
                        topic.settings.driver(), e.getMessage());
            }
        }
        if (!topic.watchers.isEmpty()) {
            topic.wake();
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("bus: a sweep failed ({}); the next one tries again", e.getMessage());
        }
    }

    /** The message is known to the topic (else {@value BusErrors#UNKNOWN_MESSAGE}). */
    private void known(Topic topic, long sequence) {
        if (driverCall(topic, queue -> queue.message(sequence)).isEmpty()) {
            throw new SwitchboardException(BusErrors.UNKNOWN_MESSAGE, "no message " + Names.messageId(topic.name, sequence) + " is stored");
        }
    }

    /** {@link #driverCall(Topic, java.util.function.Function)} for a topic's making, change and deletion. */
    private static <T> T driverCall(String driver, String topic, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SwitchboardException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SwitchboardException(BusErrors.DRIVER_UNAVAILABLE, "the " + driver + " driver of topic '" + topic + "' failed: " + e.getMessage(), e);
        }
    }

    /** A driver's failure without a code (its server went away) becomes {@value BusErrors#DRIVER_UNAVAILABLE}. */
    private static <T> T driverCall(Topic topic, java.util.function.Function<TopicQueue, T> call) {
        TopicQueue queue = topic.queue;
        if (queue == null) {
            throw unavailable(topic);
        }
        try {
            return call.apply(queue);
        } catch (SwitchboardException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SwitchboardException(BusErrors.DRIVER_UNAVAILABLE, "the " + topic.settings.driver() + " driver of topic '" + topic.name
                    + "' failed: " + e.getMessage(), e);
        }
    }

    /** For the settings document of a topic over HTTP. */
    static ObjectNode settingsJson(TopicSettings settings) {
        return SettingsJson.write(settings);
    }
}
