package io.switchboard.subscription.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.path.PathPattern;
import io.switchboard.queue.Lanes;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.subscription.EventHandler;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.SubscribedPattern;
import io.switchboard.subscription.Subscription;
import io.switchboard.subscription.SubscriptionService;

/**
 * Subscribes handlers: validates, registers in the index, and for {@code initial} reads the
 * snapshot after registering so that nothing falls between the snapshot and the live stream. A
 * subscription that brings a new pattern is ready once the {@link io.switchboard.subscription.PatternsListener}s
 * (the cluster) say other nodes send its events here; the snapshot is read after that too.
 */
@Component(service = SubscriptionService.class, configurationPid = SubscriptionServiceImpl.PID)
@Designate(ocd = SubscriptionServiceImpl.Config.class)
public final class SubscriptionServiceImpl implements SubscriptionService {

    public static final String PID = "io.switchboard.subscription";

    @ObjectClassDefinition(name = "Switchboard subscriptions")
    public @interface Config {
        @AttributeDefinition(description = "Threads that run subscription handlers (each subscription runs on at most one at a time)")
        int handlerThreads() default 2;

        @AttributeDefinition(description = "Events one subscription's mailbox holds for its handler; one more is refused "
                + "(the publisher counts it as failed for that subscriber). Read at start, as handlerThreads is")
        int mailboxCapacity() default DEFAULT_MAILBOX_CAPACITY;

        @AttributeDefinition(description = "Subscriptions one session may hold at once (each costs memory and matching work "
                + "on every publication); 0 for no limit. Applies at once")
        int maxSubscriptionsPerSession() default DEFAULT_MAX_PER_SESSION;
    }

    static final int DEFAULT_MAILBOX_CAPACITY = 100_000;
    static final int DEFAULT_MAX_PER_SESSION = 1000;

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final Query SNAPSHOT_ORDER = Query.ALL.withSort(Query.Sort.asc("_meta.version"));

    private final DataService data;
    private final SubscriptionIndex index;
    private final ExecutorService handlers;
    private final int mailboxCapacity;
    private final SecureRandom random = new SecureRandom();
    private volatile int maxPerSession = DEFAULT_MAX_PER_SESSION;

    @Activate
    public SubscriptionServiceImpl(Config config, @Reference DataService data, @Reference SubscriptionIndex index) {
        this(data, index, config.handlerThreads(), config.mailboxCapacity());
        modified(config);
    }

    @Modified
    void modified(Config config) {
        maxPerSession = config.maxSubscriptionsPerSession();
    }

    /** Sets the per-session limit (0: none); for tests that build the service without SCR. */
    void maxSubscriptionsPerSession(int limit) {
        maxPerSession = limit;
    }

    public SubscriptionServiceImpl(DataService data, SubscriptionIndex index, int handlerThreads) {
        this(data, index, handlerThreads, DEFAULT_MAILBOX_CAPACITY);
    }

    public SubscriptionServiceImpl(DataService data, SubscriptionIndex index, int handlerThreads, int mailboxCapacity) {
        this.data = data;
        this.index = index;
        this.mailboxCapacity = Math.max(1, mailboxCapacity);
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(Math.max(1, handlerThreads), runnable -> {
            Thread thread = new Thread(runnable, "switchboard-subscription-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    public void close() {
        for (Subscriber s : index.all()) {
            s.close();
            index.remove(s);
        }
        handlers.shutdown();
    }

    @Override
    public Promise<Subscription> on(String pattern, SubscribeOptions options, EventHandler handler) {
        SubscribeOptions opts = options == null ? SubscribeOptions.DEFAULTS : options;
        Subscriber subscriber;
        try {
            PathPattern compiled = PathPattern.compile(pattern);
            validate(compiled, opts, handler);
            requireRoomFor(opts.session());
            subscriber = new Subscriber(newId(), compiled, opts, handler,
                    opts.inline() ? null : Lanes.serial("subscription", handlers, mailboxCapacity, OverflowPolicy.REJECT), index::remove);
        } catch (SwitchboardException e) {
            return PROMISES.failed(e);
        }
        Promise<Void> routed = index.add(subscriber);
        if (!opts.initial()) {
            return routed.isDone() ? PROMISES.resolved(subscriber) : routed.map(ready -> subscriber);
        }
        if (opts.eventType() == EventType.REMOVE) {
            subscriber.open(List.of()); // the current state is made of sets; a remove-only subscriber gets none
            return routed.map(ready -> subscriber);
        }
        return routed.flatMap(ready -> snapshot(pattern, subscriber));
    }

    /** Hands the current documents to a subscriber with {@code initial}, then lets live events through. */
    private Promise<Subscription> snapshot(String pattern, Subscriber subscriber) {
        int depth = subscriber.depth();
        return data.find(pattern, SNAPSHOT_ORDER).<Subscription>map(items -> {
            List<Item> visible = depth == Integer.MAX_VALUE ? items
                    : items.stream().filter(item -> subscriber.pattern().matches(item.path(), depth)).toList();
            subscriber.open(visible);
            return subscriber;
        }).onFailure(failure -> {
            subscriber.close();
            index.remove(subscriber);
        });
    }

    /**
     * 128 random bits: ids travel to clients, and one that could be guessed (they were sequential)
     * would name other sessions' subscriptions.
     */
    private String newId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return "s-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    @Override
    public Promise<Boolean> off(String subscriptionId) {
        Subscriber subscriber = subscriptionId == null ? null : index.byId(subscriptionId);
        return PROMISES.resolved(subscriber != null && end(subscriber));
    }

    @Override
    public Promise<Boolean> off(String session, String subscriptionId) {
        Subscriber subscriber = subscriptionId == null ? null : index.byId(subscriptionId);
        // another session's subscription is answered as an unknown one: no hint that it exists
        boolean own = subscriber != null && session != null && session.equals(subscriber.session());
        return PROMISES.resolved(own && end(subscriber));
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.copyOf(index.all());
    }

    private boolean end(Subscriber subscriber) {
        subscriber.close();
        return index.remove(subscriber);
    }

    @Override
    public Promise<Integer> offPattern(String session, String pattern) {
        PathPattern compiled;
        try {
            compiled = PathPattern.compile(pattern);
        } catch (SwitchboardException e) {
            return PROMISES.failed(e);
        }
        int removed = 0;
        for (Subscriber s : session == null ? index.all() : index.ofSession(session)) {
            if (compiled.matches(s.pattern().source()) && end(s)) {
                removed++;
            }
        }
        return PROMISES.resolved(removed);
    }

    /**
     * A session is a client's: without a ceiling, one connection could subscribe until the heap
     * is full and every publication paid for matching all of it. Checked before registering: a
     * session's requests run one at a time, and concurrent callers sharing a session id can pass
     * the limit only by as many as run at once, which keeps it a bound.
     */
    private void requireRoomFor(String session) {
        int limit = maxPerSession;
        if (session != null && limit > 0 && index.countOf(session) >= limit) {
            throw new SwitchboardException(TOO_MANY_SUBSCRIPTIONS, "this session already holds " + limit
                    + " subscriptions, the most one session may hold; end one first");
        }
    }

    @Override
    public Set<SubscribedPattern> patterns() {
        return index.patterns();
    }

    private static void validate(PathPattern pattern, SubscribeOptions opts, EventHandler handler) {
        if (handler == null) {
            throw invalid("a subscription needs a handler");
        }
        if (opts.count() < 0) {
            throw invalid("count must be 0 (no limit) or more, was " + opts.count());
        }
        if (opts.depth() < 0) {
            throw invalid("depth must be 0 (no limit) or more, was " + opts.depth());
        }
        if (opts.depth() > 0 && !pattern.segments().contains("**")) {
            throw invalid("depth limits '**', and '" + pattern + "' has none");
        }
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(INVALID_OPTION, message);
    }
}
