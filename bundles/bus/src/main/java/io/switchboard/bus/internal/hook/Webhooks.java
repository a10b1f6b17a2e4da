package io.switchboard.bus.internal.hook;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.WebhookInfo;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.Names;
import io.switchboard.bus.internal.route.MessageFilter;
import io.switchboard.data.DataService;

/**
 * The callback subscriptions of the bus (webhooks and WebSub) and the pumps that serve them and
 * the routing rules. Subscriptions are stored ({@link RecordStore}) and their pumps started again
 * on activation; a tick each second ends WebSub leases that ran out and wakes every pump (which
 * also catches a topic made after its subscription).
 */
@Component(service = Webhooks.class, configurationPid = "io.switchboard.bus.hooks", immediate = true)
@Designate(ocd = HooksConfig.class)
public final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    static final Set<String> FIELDS = Set.of("group", "callback", "secret", "filter");
    static final int MIN_SECRET_CHARS = 16;
    /** WebSub's bound on hub.secret, used for webhooks' secrets too. */
    public static final int MAX_SECRET_BYTES = 199;

    private final BusCore bus;
    private final HooksConfig config;
    private final RecordStore store;
    private final CallbackPolicy policy;
    private final HttpClient client;
    private final ExecutorService rounds;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService ticker;
    private final Backoff backoff;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Pump> pumps = new ConcurrentHashMap<>();
    /** Every pump started, subscriptions' and routing rules', for the tick. */
    private final Set<Pump> running = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    @Activate
    public Webhooks(@Reference BusCore bus, @Reference DataService data, HooksConfig config) {
        this(bus, data, config, true);
    }

    /** For tests: no tick thread (they call {@link #tick}). */
    public Webhooks(BusCore bus, DataService data, HooksConfig config, boolean tick) {
        this.bus = bus;
        this.config = config;
        this.store = new RecordStore(data, "/_SYSTEM/bus/hooks/");
        this.policy = new CallbackPolicy(config.callbackAllowList());
        // its own few threads (callbackThreads): without an executor the client's default makes threads as it likes. Each answer
        // still takes one step on CompletableFuture's default executor, which on 2 cores starts a thread (docs/bus-webhooks.md)
        this.callbacks = Executors.newFixedThreadPool(Math.max(1, config.callbackThreads()), daemon("switchboard-bus-hooks-http"));
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.callbackTimeoutMillis())).executor(callbacks).build();
        this.rounds = Executors.newFixedThreadPool(2, daemon("switchboard-bus-hooks"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-bus-hooks-tick"));
        this.backoff = new Backoff(config.retryBaseMillis(), config.retryMaxMillis(), bound -> ThreadLocalRandom.current().nextLong(bound));
        for (JsonNode json : store.all()) {
            try {
                Subscription subscription = Subscription.read(json);
                subscriptions.put(subscription.id(), subscription);
                start(subscription);
            } catch (RuntimeException e) {
                LOG.warn("bus hooks: a stored subscription cannot be read ({}); it is left out", e.getMessage());
            }
        }
        if (tick) {
            ticker.scheduleWithFixedDelay(this::tickQuietly, 1, 1, TimeUnit.SECONDS);
        }
        bus.showWebhooks(this::infos);
    }

    @Deactivate
    void deactivate() {
        bus.showWebhooks(null);
        ticker.shutdownNow();
        pumps.values().forEach(Pump::stop);
        rounds.shutdownNow();
        callbacks.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    public CallbackPolicy policy() {
        return policy;
    }

    public HttpClient client() {
        return client;
    }

    public HooksConfig config() {
        return config;
    }

    public long now() {
        return bus.clockMillis();
    }

    // --- webhooks

    /**
     * Makes a webhook on a topic from {@code {group, callback, secret, filter?}}.
     *
     * @throws SwitchboardException with a {@code bus.*} code for each thing wrong, storing nothing
     */
    public Subscription createWebhook(String topic, JsonNode body) {
        bus.settings(topic).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + topic + "'"));
        if (body == null || !body.isObject()) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a webhook is {\"group\", \"callback\", \"secret\", \"filter\"?}");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a webhook has no field '" + BusErrors.shown(field)
                        + "'; its fields are group, callback, secret and filter");
            }
        });
        String group = Names.group(text(body, "group", false));
        String callback = policy.check(text(body, "callback", true)).toString();
        String secret = secret(text(body, "secret", true));
        MessageFilter filter = body.hasNonNull("filter") ? MessageFilter.parse(body.get("filter")) : null;
        Subscription subscription = new Subscription(newId(), Subscription.Kind.WEBHOOK, topic, group, callback, secret, filter, now(), 0, null, null);
        put(subscription);
        return subscription;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new SwitchboardException(field.equals("callback") ? BusErrors.INVALID_CALLBACK : BusErrors.INVALID_PARAMETER,
                        "a webhook's '" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new SwitchboardException(field.equals("callback") ? BusErrors.INVALID_CALLBACK : BusErrors.INVALID_PARAMETER,
                    "a webhook's '" + field + "' is text");
        }
        return value.asText();
    }

    /** A secret of {@value #MIN_SECRET_CHARS} characters or more and under 200 bytes. */
    private static String secret(String secret) {
        int bytes = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (secret.length() < MIN_SECRET_CHARS || bytes > MAX_SECRET_BYTES) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a webhook's 'secret' is " + MIN_SECRET_CHARS + " characters to "
                    + MAX_SECRET_BYTES + " bytes (make it random)");
        }
        return secret;
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    // --- every kind

    /** Stores a subscription (new, or one with the same id renewed) and (re)starts its pump. */
    public synchronized void put(Subscription subscription) {
        if (!subscriptions.containsKey(subscription.id()) && subscriptions.size() >= config.maxSubscriptions()) {
            throw new SwitchboardException(BusErrors.TOO_MANY_SUBSCRIPTIONS, "the bus holds its maximum of " + config.maxSubscriptions()
                    + " webhook and WebSub subscriptions (maxSubscriptions)");
        }
        store.put(subscription.id(), subscription.stored());
        subscriptions.put(subscription.id(), subscription);
        Pump old = pumps.remove(subscription.id());
        if (old != null) {
            old.stop();
        }
        start(subscription);
    }

    public Optional<Subscription> get(String id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    /** A topic's subscription, or {@value BusErrors#UNKNOWN_SUBSCRIPTION}. */
    public Subscription get(String topic, String id) {
        Subscription subscription = subscriptions.get(id);
        if (subscription == null || !subscription.topic().equals(topic)) {
            throw new SwitchboardException(BusErrors.UNKNOWN_SUBSCRIPTION, "no subscription " + BusErrors.shown(id) + " on topic '" + topic + "'");
        }
        return subscription;
    }

    public List<Subscription> list(String topic) {
        return subscriptions.values().stream().filter(subscription -> subscription.topic().equals(topic))
                .sorted(Comparator.comparingLong(Subscription::createdAt).thenComparing(Subscription::id)).toList();
    }

    /** Ends a subscription; false when there was none. */
    public synchronized boolean remove(String id) {
        Subscription subscription = subscriptions.get(id);
        if (subscription == null) {
            return false;
        }
        store.remove(id);
        subscriptions.remove(id);
        Pump pump = pumps.remove(id);
        if (pump != null) {
            pump.stop();
        }
        return true;
    }

    /** Wakes the pumps of a topic's subscriptions of a kind; returns how many. */
    public int wake(String topic, Subscription.Kind kind) {
        int woken = 0;
        for (Subscription subscription : subscriptions.values()) {
            Pump pump = pumps.get(subscription.id());
            if (pump != null && subscription.topic().equals(topic) && subscription.kind() == kind) {
                pump.wake();
                woken++;
            }
        }
        return woken;
    }

    /** A subscription as a client sees it, with its pump's numbers and last attempt. */
    public ObjectNode describe(Subscription subscription) {
        ObjectNode json = subscription.shown();
        Pump pump = pumps.get(subscription.id());
        if (pump != null) {
            pump.describe(json);
        }
        return json;
    }

    /** Every subscription by topic, for operators ({@link io.switchboard.bus.Bus#webhooks()}). */
    public List<WebhookInfo> infos() {
        return subscriptions.values().stream().sorted(Comparator.comparing(Subscription::topic).thenComparingLong(Subscription::createdAt)
                .thenComparing(Subscription::id)).map(subscription -> HookInfo.of(subscription, describe(subscription), pumps.get(subscription.id())))
                .toList();
    }

    private void start(Subscription subscription) {
        Predicate<Delivery> wanted = delivery -> (subscription.expiresAt() == 0 || now() < subscription.expiresAt())
                && (subscription.kind() != Subscription.Kind.WEBSUB || delivery.publishedAt() >= subscription.createdAt())
                && (subscription.filter() == null || subscription.filter().test(delivery.payload()));
        Pump pump = pump(subscription.topic(), subscription.group(), subscription.consumer(), wanted,
                new CallbackSink(client, subscription, Duration.ofMillis(config.callbackTimeoutMillis())), () -> {
                    LOG.info("bus hooks: WebSub subscription {} of topic {} ends: its callback answered 410 Gone", subscription.id(), subscription.topic());
                    remove(subscription.id());
                });
        pumps.put(subscription.id(), pump);
    }

    /**
     * Starts a pump: from a topic's consumer group to a sink, at most {@code maxInFlightPerCallback}
     * at once, retried with back-off. The caller stops it.
     */
    public Pump pump(String topic, String group, String consumer, Predicate<Delivery> wanted, Sink sink, Runnable onGone) {
        long visibility = Math.min(config.callbackTimeoutMillis() + 10_000, 12L * 3600 * 1000);
        Pump pump = new Pump(bus, topic, group, consumer, wanted, sink, backoff, Duration.ofMillis(visibility),
                Math.max(1, config.maxInFlightPerCallback()), rounds, onGone);
        running.add(pump);
        pump.watch();
        pump.wake();
        return pump;
    }

    /** Ends WebSub leases that ran out; watches and wakes every pump. */
    public void tick() {
        long now = now();
        for (Subscription subscription : List.copyOf(subscriptions.values())) {
            if (subscription.expiresAt() > 0 && subscription.expiresAt() <= now) {
                LOG.info("bus hooks: the lease of WebSub subscription {} ({} on topic {}) ran out", subscription.id(), subscription.callback(),
                        subscription.topic());
                remove(subscription.id());
            }
        }
        running.removeIf(Pump::stopped);
        for (Pump pump : running) {
            pump.watch();
            pump.wake();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("bus hooks: a tick failed ({}); the next one tries again", e.getMessage());
        }
    }
}
