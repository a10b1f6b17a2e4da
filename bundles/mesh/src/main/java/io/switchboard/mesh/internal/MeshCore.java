package io.switchboard.mesh.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.data.DataService;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventCounts;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.EventSubscription;
import io.switchboard.mesh.CallAnswer;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.ExpectedBack;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshListener;
import io.switchboard.mesh.MeshSnapshot;
import io.switchboard.mesh.internal.event.EdgeSubscriber;
import io.switchboard.mesh.internal.event.EventPattern;
import io.switchboard.mesh.internal.event.EventRouter;
import io.switchboard.mesh.internal.event.EventStats;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.event.SubscriptionTable;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.Dispatcher;
import io.switchboard.mesh.internal.exchange.ProxyContracts;
import io.switchboard.mesh.internal.happn.HappnParts;
import io.switchboard.mesh.internal.lifecycle.ComponentLauncher;
import io.switchboard.mesh.internal.lifecycle.LauncherParts;
import io.switchboard.mesh.internal.registry.InstanceRegistry;
import io.switchboard.mesh.internal.registry.Rebinding;
import io.switchboard.mesh.internal.registry.Registered;
import io.switchboard.mesh.internal.route.Brokered;
import io.switchboard.mesh.internal.route.Callee;
import io.switchboard.mesh.internal.version.SemverRange;

/** The mesh on this node: registry, routes, events and the components' lifecycle, wired together. */
public final class MeshCore implements Mesh, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeshCore.class);
    /** The code every edge answers while the security service is away (docs/protocol.md). */
    public static final String SECURITY_UNAVAILABLE = "security.unavailable";

    private volatile MeshSettings settings;
    private final InstanceRegistry registry = new InstanceRegistry();
    private final SubscriptionTable subscriptions = new SubscriptionTable();
    private final Conversion conversion = new Conversion();
    private final ScheduledExecutorService scheduler;
    private volatile ForkJoinPool handlers;
    /** Runs event handlers on whichever pool is current, so that eventThreads can change in place. */
    private final Executor handlerExecutor = this::runHandler;
    private volatile ScheduledFuture<?> overdueSweep;
    private final PromiseFactory promises;
    private final Rebinding rebinding;
    private final Dispatcher dispatcher;
    private final EventRouter events;
    private final ComponentLauncher launcher;
    private final ProxyContracts contracts;
    private final Map<String, Callee> edgeCallees = new ConcurrentHashMap<>();
    private volatile Brokered brokered = Brokered.NONE;
    /** The brokered components whose events this node's clients subscribe to, as last published. */
    private volatile Set<String> clientEmitters = Set.of();
    private volatile Supplier<DataService> data = () -> null;
    private volatile Supplier<OriginPermissions> permissions = () -> null;
    private final CopyOnWriteArrayList<MeshListener> listeners = new CopyOnWriteArrayList<>();

    public MeshCore(MeshSettings settings) {
        this.settings = settings;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "switchboard-mesh-timer"));
        // Every call schedules its timeout; most are cancelled when the answer comes. Without this a
        // cancelled timeout stays queued until it would have fired: at 50,000 calls/s and 30 s,
        // a million and a half dead tasks in the heap.
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        this.handlers = eventPool(settings.eventThreads());
        // Callbacks run on the thread that resolves: an answer that is already there costs no hand-off.
        this.promises = new PromiseFactory(PromiseFactory.inlineExecutor(), scheduler);
        // Callers that waited for an instance to come back resume on the handler pool, never on the
        // thread that started the instance (it holds the launcher's lock).
        this.rebinding = new Rebinding(registry, new PromiseFactory(handlerExecutor, scheduler), scheduler,
                () -> this.settings.rebindMillis());
        this.dispatcher = new Dispatcher(promises, () -> this.settings.callTimeoutMillis(), rebinding,
                this::absence);
        this.events = new EventRouter(subscriptions, promises, () -> this.settings.hopLimit(), () -> this.settings.retryLimit());
        this.contracts = new ProxyContracts(registry, scheduler);
        this.launcher = new ComponentLauncher(new LauncherParts(happnParts(), rebinding, handlerExecutor, settings.node(),
                () -> this.settings.drainTimeoutMillis(), () -> this.settings.ackTimeoutMillis(), this::described, this::forgetEdgeRoutes));
        registry.onChange(this::described);
        // a gap's closing changes what this node expects back, which the cluster publishes
        rebinding.onClose(owner -> described());
        // the cluster publishes the subscriptions of this node's components: a change of one is news to the listeners
        // (a client's, or another node's, is not: clients subscribe and leave all the time)
        subscriptions.onRecordChange(record -> {
            if (published(record.subscriber()) || clientEmittersChanged(record)) {
                described();
            }
        });
        scheduleOverdueSweep(settings.ackTimeoutMillis());
    }

    private static ForkJoinPool eventPool(int threads) {
        return new ForkJoinPool(threads, pool -> {
            var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("switchboard-mesh-events-" + thread.getPoolIndex());
            thread.setDaemon(true);
            return thread;
        }, null, true);
    }

    private void runHandler(Runnable task) {
        ForkJoinPool pool = handlers;
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            ForkJoinPool now = handlers;
            if (now == pool) {
                throw e; // the mesh is closing
            }
            now.execute(task); // the pool was replaced (eventThreads changed) between the read and the hand-off
        }
    }

    /** Overdue handlers are looked for four times per ack timeout, between every 10 ms and every second. */
    private void scheduleOverdueSweep(long ackTimeoutMillis) {
        ScheduledFuture<?> previous = overdueSweep;
        if (previous != null) {
            previous.cancel(false);
        }
        long sweep = Math.max(10, Math.min(1000, ackTimeoutMillis / 4));
        overdueSweep = scheduler.scheduleWithFixedDelay(launcher::reportOverdueHandlers, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Applies new settings to the running mesh, without stopping any component: timeouts, limits
     * and the rebind time take effect for the next call, event or stop; a new number of event
     * threads gets a new pool, and the old one finishes what it has. The node's name is part of
     * every instance's id, so it cannot change in place ({@link #appliesInPlace}).
     */
    public synchronized void apply(MeshSettings next) {
        if (!appliesInPlace(next)) {
            throw new IllegalArgumentException("the node's name cannot change while the mesh runs");
        }
        MeshSettings previous = settings;
        if (next.eventThreads() != previous.eventThreads()) {
            ForkJoinPool old = handlers;
            handlers = eventPool(next.eventThreads());
            old.shutdown();
        }
        settings = next;
        if (next.ackTimeoutMillis() != previous.ackTimeoutMillis() && !scheduler.isShutdown()) {
            scheduleOverdueSweep(next.ackTimeoutMillis());
        }
    }

    /** Whether {@link #apply} can take these settings; otherwise the mesh has to be restarted with them. */
    public boolean appliesInPlace(MeshSettings next) {
        return next.node().equals(settings.node());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    public MeshSettings settings() {
        return settings;
    }

    public InstanceRegistry registry() {
        return registry;
    }

    public SubscriptionTable subscriptions() {
        return subscriptions;
    }

    public Conversion conversion() {
        return conversion;
    }

    public PromiseFactory promises() {
        return promises;
    }

    public Rebinding rebinding() {
        return rebinding;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public EventRouter events() {
        return events;
    }

    /** Where event handlers run. */
    public Executor handlerPool() {
        return handlerExecutor;
    }

    /**
     * Waits until no event handler runs or waits to run, for tests (the component test kit): an event
     * emitted by a handler is queued before that handler returns, so a chain of events ends as one.
     *
     * @return false if handlers were still at work when the time ran out
     */
    public boolean awaitHandlersIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!(handlers.isQuiescent() && !handlers.hasQueuedSubmissions())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Where components' data goes: the runtime's data service, when there is one. */
    public void dataService(Supplier<DataService> source) {
        this.data = source;
    }

    public DataService dataService() {
        return data.get();
    }

    /** The components' typed proxies, checked against the instances they reach. */
    public ProxyContracts contracts() {
        return contracts;
    }

    /** What component handles are built from: handles get these, never the mesh itself. */
    public HappnParts happnParts() {
        return new HappnParts(registry, subscriptions, events, dispatcher, contracts, conversion, promises, () -> data.get(),
                () -> permissions.get());
    }

    public ComponentLauncher launcher() {
        return launcher;
    }

    /** Why a component has no instance here, for a caller's error: it waits for a dependency, or failed. */
    private String absence(String component) {
        return launcher.absence(component);
    }

    @Override
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return callAnswered(origin, component, method, args, options).map(CallAnswer::result);
    }

    @Override
    public Promise<CallAnswer> callAnswered(Origin origin, String component, String method, List<?> args, CallOptions options) {
        SwitchboardException refused = unchecked(origin);
        if (refused != null) {
            return promises.failed(refused);
        }
        // A client reaches only the components this node runs (the seeds' security point), never other
        // nodes', unless this node brokers the component (an edge node, --broker).
        Callee callee = edgeCallees.get(component);
        if (callee == null) {
            callee = edgeCallee(component);
        }
        // the last instance the call went to (a reroute chooses again) is the one that answered
        AtomicReference<Instance> answered = new AtomicReference<>();
        return dispatcher.call(callee, method, args, options, origin, 0, answered::set)
                .map(result -> new CallAnswer(conversion.resultAsData(result, component, method),
                        answered.get() == null ? settings.node() : answered.get().node()));
    }

    /** Over the instances a client's call may reach, as {@link #callAnswered} routes it: this node's, unless it brokers the component. */
    @Override
    public boolean mayHoldCaller(String component, String method, int arity) {
        boolean localOnly = !brokered.includes(component);
        boolean reachable = false;
        for (Registered entry : registry.instances(component)) {
            Instance instance = entry.instance();
            if (localOnly && !instance.local()) {
                continue;
            }
            if (instance.mayHoldCaller(method, arity)) {
                return true;
            }
            reachable = true;
        }
        return !reachable;
    }

    @Override
    public Promise<Object> invoke(String component, String version, String method, List<?> args, Origin origin, int hops,
            CallOptions options) {
        SwitchboardException refused = unchecked(origin);
        if (refused != null) {
            return promises.failed(refused);
        }
        for (Registered entry : registry.instances(component)) {
            Instance instance = entry.instance();
            if (instance.local() && instance.version().equals(version)) {
                return conversion.answerAsData(instance.invoke(method, args, origin, hops, options), component, method, promises);
            }
        }
        return promises.failed(new SwitchboardException(Instance.GONE, component + "@" + version + " does not run on node "
                + settings.node() + " any more"));
    }

    /**
     * The routing state of clients' calls to a component, kept only while the component has
     * instances: clients name whatever component they like, and a map keyed by what they send must
     * not grow with it.
     */
    private Callee edgeCallee(String component) {
        Callee fresh = new Callee(component, SemverRange.ANY, registry, !brokered.includes(component));
        if (registry.instances(component).isEmpty()) {
            return fresh;
        }
        Callee known = edgeCallees.putIfAbsent(component, fresh);
        return known == null ? fresh : known;
    }

    /**
     * The components clients' calls may reach on other nodes (the launcher's {@code --broker}); set
     * once, when the mesh starts, before any client calls.
     */
    public void broker(Brokered components) {
        this.brokered = components;
        edgeCallees.clear();
    }

    /** How many components clients' calls keep routing state for. */
    int edgeRoutes() {
        return edgeCallees.size();
    }

    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range,
            Consumer<EventEnvelope> handler) {
        SwitchboardException refused = unchecked(origin);
        if (refused != null) {
            throw refused;
        }
        SemverRange accepted = range == null || range.isBlank() ? SemverRange.ANY : SemverRange.parse(range);
        EventPattern pattern = EventPattern.compile(eventPattern);
        String id = settings.node() + "/edge/" + UUID.randomUUID();
        EdgeSubscriber subscriber = new EdgeSubscriber(id, settings.node(), origin, handler);
        // 'all' so the client's record is never pooled with another for one-of-a-group delivery
        subscriptions.add(new SubscriptionRecord(id, subscriber, component, accepted, pattern, Delivery.ALL));
        return () -> subscriptions.remove(id);
    }

    /**
     * Fail closed: a client (a user, or anonymous) reaches components only while there is an
     * {@link OriginPermissions} service to answer for it, because every component's
     * {@code happn.allowed} asks it. Without one (the security bundle stopped, or being updated)
     * the answer would have to be "no" for everything a component checks, or "yes" for everything
     * it does not; refusing the call says what is going on instead. The insecure development mode
     * registers one that allows everything.
     *
     * @return the refusal, or null when the call may go on
     */
    private SwitchboardException unchecked(Origin origin) {
        if ((origin.kind() == Origin.Kind.USER || origin.kind() == Origin.Kind.ANONYMOUS) && permissions.get() == null) {
            return new SwitchboardException(SECURITY_UNAVAILABLE, "components cannot be reached by clients right now: the "
                    + "service that says what a client may do is not running (security is stopped or restarting); try again shortly");
        }
        return null;
    }

    /** Where {@link io.switchboard.api.mesh.Happn#allowed} asks about users: the security feature, when it runs. */
    public void originPermissions(Supplier<OriginPermissions> source) {
        this.permissions = source;
    }

    public OriginPermissions originPermissions() {
        return permissions.get();
    }

    /**
     * Adds a listener told (on the mesh's timer thread, in order) whenever the description changes.
     * Adding one twice keeps one: MeshRuntime hands over the listeners bound before activation while
     * SCR may bind the same one again concurrently.
     */
    public void addListener(MeshListener listener) {
        listeners.addIfAbsent(listener);
    }

    public void removeListener(MeshListener listener) {
        listeners.remove(listener);
    }

    /** The description changed: tell the listeners on the mesh's own thread, outside any lock. */
    public void described() {
        if (listeners.isEmpty() || scheduler.isShutdown()) {
            return;
        }
        // the listeners of the moment of the change: one added later hears of later changes only
        List<MeshListener> told = List.copyOf(listeners);
        try {
            scheduler.execute(() -> told.forEach(listener -> {
                try {
                    listener.descriptionChanged();
                } catch (RuntimeException e) {
                    LOG.warn("a mesh listener failed: {}", e.toString());
                }
            }));
        } catch (RejectedExecutionException closedMeanwhile) {
            // the mesh is closing: there is no description left to tell about
        }
    }

    /** Drops the routing state of calls from the edge (it refers to instances; it is rebuilt on the next call). */
    public void forgetEdgeRoutes() {
        edgeCallees.clear();
    }

    @Override
    public void add(Instance instance) {
        registry.add(instance);
    }

    @Override
    public void remove(Instance instance) {
        registry.remove(instance);
        subscriptions.removeAll(instance);
    }

    @Override
    public String node() {
        return settings.node();
    }

    /**
     * The brokered components that clients of this node subscribe to and that run somewhere: one
     * published subscription each ({@link EventSubscription#CLIENTS}), however many clients
     * subscribe. Bounded by the components that run, whatever names clients send.
     */
    private Set<String> clientEmitters() {
        Set<String> emitters = new TreeSet<>();
        for (SubscriptionRecord record : subscriptions.all()) {
            if (record.subscriber() instanceof EdgeSubscriber && brokered.includes(record.emitter())
                    && !registry.instances(record.emitter()).isEmpty()) {
                emitters.add(record.emitter());
            }
        }
        return Set.copyOf(emitters);
    }

    /**
     * Whether a client's subscription changed the brokered components this node's clients hear, as
     * last published (then other nodes must know). Looks at that component's subscriptions only, so
     * many clients subscribing at once cost no more than their number.
     */
    private boolean clientEmittersChanged(SubscriptionRecord record) {
        String emitter = record.emitter();
        if (!(record.subscriber() instanceof EdgeSubscriber) || !brokered.includes(emitter)) {
            return false;
        }
        boolean wanted = !registry.instances(emitter).isEmpty()
                && subscriptions.of(emitter).stream().anyMatch(any -> any.subscriber() instanceof EdgeSubscriber);
        return wanted != clientEmitters.contains(emitter);
    }

    /** A client's handler has no outcome worth waiting for: it queued the event for its session, or its session is gone. */
    private static final Acknowledgement UNCOUNTED = new Acknowledgement() {
        @Override
        public void acknowledged() {
        }

        @Override
        public void failed(Throwable failure) {
        }
    };

    private String clientsSubscriptionId(String emitter) {
        return settings.node() + "/clients/" + emitter;
    }

    @Override
    public List<EventSubscription> eventSubscriptions() {
        List<EventSubscription> local = new ArrayList<>();
        Set<String> emitters = clientEmitters();
        clientEmitters = emitters;
        for (String emitter : emitters) {
            local.add(new EventSubscription(clientsSubscriptionId(emitter), EventSubscription.CLIENTS, "0.0.0", emitter, "**",
                    SemverRange.ANY.toString(), Delivery.ALL));
        }
        for (SubscriptionRecord record : subscriptions.all()) {
            Instance subscriber = record.subscriber();
            if (published(subscriber)) {
                local.add(new EventSubscription(record.id(), subscriber.component(), subscriber.version(), record.emitter(),
                        record.pattern().toString(), record.range().toString(), record.delivery()));
            }
        }
        local.sort(Comparator.comparing(EventSubscription::id));
        return local;
    }

    /** Whether a subscriber's subscriptions are listed for other nodes: clients' (edge subscribers) see this node's events only. */
    private static boolean published(Instance subscriber) {
        return subscriber.local() && !(subscriber instanceof EdgeSubscriber);
    }

    @Override
    public Subscription subscribe(EventSubscription subscription, Instance subscriber) {
        SemverRange range = SemverRange.parseWritten(subscription.range());
        EventPattern pattern = EventPattern.compile(subscription.pattern());
        subscriptions.add(new SubscriptionRecord(subscription.id(), subscriber, subscription.emitter(), range, pattern,
                subscription.delivery()));
        return () -> subscriptions.remove(subscription.id());
    }

    @Override
    public List<ExpectedBack> expectedBack() {
        return rebinding.expectedHere();
    }

    /** The gap's owner names the node and the instance, so that another node's bundle ids cannot collide with this node's. */
    @Override
    public Subscription expectBack(String node, ExpectedBack expected) {
        String owner = "node " + node + " " + expected.label();
        if (!rebinding.open(owner, expected.component(), expected.version(), false)) {
            return () -> { };
        }
        return () -> rebinding.close(owner);
    }

    @Override
    public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        if (subscriptionId.equals(clientsSubscriptionId(event.component()))) {
            deliverToClients(event, acknowledgement);
            return;
        }
        SubscriptionRecord record = subscriptions.find(subscriptionId);
        if (record == null) {
            record = launcher.standInFor(subscriptionId); // the emitter's node learns of an update in place a moment late
        }
        if (record == null || !published(record.subscriber())) {
            acknowledgement.failed(new SwitchboardException(Instance.GONE, "the subscription " + subscriptionId + " is not on node "
                    + settings.node() + " any more"));
            return;
        }
        record.subscriber().deliver(subscriptionId, event, failover, acknowledgement);
    }

    /**
     * An event of a brokered component from another node, for this node's clients: each client
     * subscription that accepts it gets it (a client's handler only queues it for its session).
     * Component subscriptions here are not among them: they get the other node's events through
     * their own published subscriptions.
     */
    private void deliverToClients(EventEnvelope event, Acknowledgement acknowledgement) {
        org.semver4j.Semver version;
        try {
            version = io.switchboard.mesh.internal.version.Versions.parse(event.version());
        } catch (SwitchboardException e) {
            acknowledgement.failed(e);
            return;
        }
        for (SubscriptionRecord record : subscriptions.of(event.component())) {
            if (record.subscriber() instanceof EdgeSubscriber && record.range().includes(version) && record.pattern().matches(event.name())) {
                record.subscriber().deliver(record.id(), event, false, UNCOUNTED);
            }
        }
        acknowledgement.acknowledged();
    }

    @Override
    public List<ComponentDescription> describe() {
        Map<String, ComponentDescription> byLabel = new LinkedHashMap<>();
        for (ComponentDescription local : launcher.describe()) {
            byLabel.put(local.name() + "@" + local.version(), local);
        }
        for (String component : registry.components()) {
            for (Registered entry : registry.instances(component)) {
                Instance instance = entry.instance();
                String label = component + "@" + instance.version();
                ComponentDescription known = byLabel.get(label);
                TreeSet<String> nodes = new TreeSet<>(known == null ? List.of() : known.nodes());
                nodes.add(instance.node());
                byLabel.put(label, known == null
                        ? new ComponentDescription(component, instance.version(), "running", instance.methods(), instance.events(),
                                Map.of(), Map.of(), List.copyOf(nodes), List.of())
                        : new ComponentDescription(known.name(), known.version(), "running", known.methods(), known.events(),
                                known.dependencies(), known.optionalDependencies(), List.copyOf(nodes), known.waitingFor(),
                                known.mismatches()));
            }
        }
        List<ComponentDescription> all = new ArrayList<>(byLabel.values());
        all.sort(Comparator.comparing(ComponentDescription::name).thenComparing(ComponentDescription::version));
        return all;
    }

    @Override
    public MeshSnapshot snapshot() {
        return MeshSnapshots.of(this);
    }

    @Override
    public EventCounts eventCounts() {
        EventStats counted = events().stats();
        return new EventCounts(counted.emitted(), counted.delivered(), counted.retries(), counted.handlerFailures(), counted.lost(),
                counted.hopLimitDrops());
    }

    @Override
    public Map<String, EventCounts> eventCountsByEvent() {
        return events().stats().byEvent();
    }

    @Override
    public void close() {
        launcher.stopAll();
        rebinding.closeAll();
        scheduler.shutdownNow();
        handlers.shutdownNow();
    }
}
