package io.switchboard.cluster.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.cluster.Cluster;
import io.switchboard.cluster.ClusterMember;
import io.switchboard.cluster.internal.call.CallServer;
import io.switchboard.cluster.internal.call.CallTransport;
import io.switchboard.cluster.internal.call.EventServer;
import io.switchboard.cluster.internal.call.EventTraffic;
import io.switchboard.cluster.internal.call.ExecutorTransport;
import io.switchboard.cluster.internal.call.LinkTransport;
import io.switchboard.cluster.internal.call.NodeEvents;
import io.switchboard.cluster.internal.call.RemoteInstance;
import io.switchboard.cluster.internal.data.ClusterData;
import io.switchboard.cluster.internal.join.HazelcastMember;
import io.switchboard.cluster.internal.join.Preflight;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.ClusterSecret;
import io.switchboard.cluster.internal.link.Handshake;
import io.switchboard.cluster.internal.link.LinkServer;
import io.switchboard.cluster.internal.link.Links;
import io.switchboard.cluster.internal.registry.ClusterState;
import io.switchboard.cluster.internal.registry.MemberInfo;
import io.switchboard.cluster.internal.registry.Peers;
import io.switchboard.mesh.Mesh;

/**
 * One node's part of the cluster, wired together: the link server (calls from other nodes, and
 * the probes of joining ones), the preflight check, the Hazelcast member, the links to the other
 * nodes, and the {@link ClusterState} that keeps the registry and routing current on the cluster's
 * own thread.
 */
public final class ClusterNode implements Cluster, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** How long a joining node waits for the records of the members that were there first, at most. */
    private static final long FILL_MILLIS = 15_000;
    private static final int EXPIRE_EVERY_TICKS = 60;

    private final ClusterSettings settings;
    private final ClusterSecret secret;
    private final Mesh mesh;
    private final Clock clock;
    private final Consumer<List<String>> membersChanged;
    private final ScheduledExecutorService thread;
    private final ThreadPoolExecutor calls;
    private final ExecutorService answers;
    private final ExecutorService connector;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong ticks = new AtomicLong();
    /** Counts the changes told to {@link #schedule}; a joining node waits on it for the registry to fill. */
    private final AtomicLong changes = new AtomicLong();

    private volatile ClusterState state;
    private volatile HazelcastMember member;
    private volatile boolean closed;
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Hazelcast stopped without being asked to: told once. */
    private final AtomicBoolean lost = new AtomicBoolean();
    private final EventTraffic eventTraffic = new EventTraffic();
    private CallServer callServer;
    private EventServer eventServer;
    /** The events sent to each other node; one carrier per node, shared by its instances. */
    private final java.util.Map<String, NodeEvents> nodeEvents = new java.util.concurrent.ConcurrentHashMap<>();
    /** Data subscriptions across nodes, on a shared store; null without one. */
    private ClusterData data;
    private LinkServer server;
    private Links links;

    /** @param membersChanged told (on the cluster's thread) the names of the live members whenever they change */
    public ClusterNode(ClusterSettings settings, ClusterSecret secret, Mesh mesh, Clock clock, Consumer<List<String>> membersChanged) {
        this.settings = settings;
        this.secret = secret;
        this.mesh = mesh;
        this.clock = clock;
        this.membersChanged = membersChanged;
        this.thread = Executors.newSingleThreadScheduledExecutor(named("switchboard-cluster"));
        this.calls = new ThreadPoolExecutor(settings.callThreads(), settings.callThreads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named("switchboard-cluster-calls"));
        // Each link keeps one of these threads reading (see ReadTurns); the others run calls and answers.
        this.answers = Executors.newFixedThreadPool(settings.callThreads(), named("switchboard-cluster-answers"));
        this.connector = Executors.newCachedThreadPool(named("switchboard-cluster-connect"));
    }

    /** Adds data subscriptions across nodes (the nodes share one store); before {@link #start}. */
    public void data(ClusterData part) {
        this.data = part;
    }

    /**
     * Joins: listens for links, asks the configured members whether this node may join, starts the
     * Hazelcast member, checks its name once more, and publishes and reads the registry once.
     *
     * @throws Refusal when this node cannot be a member (the message says why)
     */
    public void start() throws Refusal, InterruptedException {
        long joining = System.nanoTime();
        callServer = new CallServer(mesh, (component, version) -> {
            ClusterState current = state;
            return current != null && current.runsHere(component, version);
        }, settings.node());
        eventServer = new EventServer(mesh, settings.node(), eventTraffic);
        CallServer callsHere = callServer;
        EventServer eventsHere = eventServer;
        CallHandler handler = new CallHandler() {
            @Override
            public void handle(String fromNode, byte[] payload, Responder responder) {
                callsHere.handle(fromNode, payload, responder);
            }

            @Override
            public void event(String fromNode, byte[] payload, Responder responder) {
                eventsHere.handle(fromNode, payload, responder);
            }
        };
        try {
            server = new LinkServer(settings.linkAddress(), secret, settings.node(), data == null ? handler : data.handler(handler), calls, settings.callsInFlightLimit(),
                    this::welcome, clock);
        } catch (IOException e) {
            throw new Refusal(Refusal.PORT_IN_USE, "cannot listen for node links on " + ClusterSettings.hostPort(settings.linkAddress())
                    + " (the cluster port + 1): " + e.getMessage());
        }
        Preflight.check(settings, secret);
        long probed = System.nanoTime();
        try {
            member = HazelcastMember.start(settings, secret.clusterName(), callServer);
        } catch (RuntimeException e) {
            throw new Refusal(Refusal.PORT_IN_USE, "the cluster member could not start on " + ClusterSettings.hostPort(settings.memberAddress())
                    + ": " + e.getMessage());
        }
        if (closed) {
            member.close(); // stopped while the member was starting: it must not outlive the node
            throw new InterruptedException("stopped while joining");
        }
        refuseIfNameTaken();
        links = new Links(secret, settings.node(), this::linkAddress, answers, connector, settings.callsInFlightLimit(),
                clock);
        LinkTransport linkTransport = new LinkTransport(links);
        CallTransport transport = settings.callTransport().equals(ClusterSettings.EXECUTOR)
                ? new ExecutorTransport(member.hazelcast(), settings.node(), answers)
                : linkTransport;
        PromiseFactory promises = new PromiseFactory(PromiseFactory.inlineExecutor());
        // events always travel on the links, whichever call transport is chosen
        state = new ClusterState(settings.node(), member::members, member.registry(), mesh,
                (node, instance) -> new RemoteInstance(node, instance.component(), instance.version(), instance.methods(), instance.events(),
                        transport, promises, nodeEvents.computeIfAbsent(node, n -> new NodeEvents(n, linkTransport::event, eventTraffic))),
                peers(), clock, membersChanged);
        if (data != null) {
            data.attach(new LinkTransport(links), this::otherNodes, this::schedule);
            state.dataPart(data::localRecord, data::routesFrom);
        }
        member.onChange(this::schedule);
        long joined = System.nanoTime();
        awaitRegistry();
        long filled = System.nanoTime();
        thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("node {} joined the cluster at {} in {} ms (asking the members {} ms, starting its member and joining {} ms, reading"
                + " the registry {} ms; links on {}); members: {}", settings.node(), ClusterSettings.hostPort(settings.memberAddress()),
                millis(filled - joining), millis(probed - joining), millis(joined - probed), millis(filled - joined),
                ClusterSettings.hostPort(settings.linkAddress()),
                state.members().stream().filter(m -> !m.state().equals(ClusterMember.LEFT)).map(ClusterMember::name).toList());
    }

    /**
     * Publishes this node's record and waits until it holds the records of the members that were
     * there first (a late joiner's copy fills in the background), so that once the node is ready
     * it routes to every node. Bounded: a member that never publishes does not hold the node back.
     */
    private void awaitRegistry() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FILL_MILLIS);
        while (true) {
            long seen = changes.get();
            try {
                thread.submit(this::reconcile).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("reading the registry failed", e.getCause());
            }
            long left = deadline - System.nanoTime();
            if (state.complete() || left <= 0) {
                if (!state.complete()) {
                    LOG.warn("joined without the registry records of every member that was there first; they are routed as they arrive");
                }
                return;
            }
            synchronized (changes) {
                if (changes.get() == seen) {
                    changes.wait(Math.max(1, Math.min(250, TimeUnit.NANOSECONDS.toMillis(left))));
                }
            }
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Two nodes that started at once under one name both passed the preflight: the younger one leaves. */
    private void refuseIfNameTaken() throws Refusal {
        for (MemberInfo info : member.members()) {
            if (info.local()) {
                return;
            }
            // an earlier run of this node at this very address is dead (its port was free): not a rival
            if (info.node().equals(settings.node()) && !info.address().equals(ClusterSettings.hostPort(settings.memberAddress()))) {
                member.close();
                throw new Refusal(Refusal.REFUSED, "the node name '" + settings.node() + "' is already used by the member at "
                        + info.address() + ": give this node another SWITCHBOARD_NODE_NAME");
            }
        }
    }

    private Peers peers() {
        return new Peers() {
            @Override
            public void joined(String node) {
                links.prepare(node);
            }

            @Override
            public void left(String node) {
                nodeEvents.remove(node);
                links.nodeLeft(node, "left the cluster");
                server.closeLinksFrom(node);
            }
        };
    }

    /** What a node that proved the secret is told: to a joining node's probe, who (if anyone) uses its name. */
    private ObjectNode welcome(Handshake.Hello hello) {
        ObjectNode welcome = JsonNodeFactory.instance.objectNode();
        if (hello.purpose().equals(Handshake.PROBE)) {
            String takenBy = holderOf(hello.node());
            if (takenBy != null) {
                welcome.put("nameTakenBy", takenBy);
            }
        }
        return welcome;
    }

    private String holderOf(String node) {
        HazelcastMember running = member;
        if (running == null || !running.running()) {
            return node.equals(settings.node()) ? ClusterSettings.hostPort(settings.memberAddress()) : null;
        }
        return running.members().stream().filter(info -> info.node().equals(node)).map(MemberInfo::address).findFirst().orElse(null);
    }

    /** The other live members' names, as membership knows them now. */
    private List<String> otherNodes() {
        HazelcastMember running = member;
        return running == null ? List.of() : running.members().stream().filter(info -> !info.local()).map(MemberInfo::node).toList();
    }

    private InetSocketAddress linkAddress(String node) {
        HazelcastMember running = member;
        if (running == null) {
            return null;
        }
        return running.members().stream().filter(info -> info.node().equals(node) && !info.local()).map(MemberInfo::link).findFirst()
                .orElse(null);
    }

    /** Something changed: one pass of the state soon, however many changes come in meanwhile. */
    public void schedule() {
        changes.incrementAndGet();
        synchronized (changes) {
            changes.notifyAll();
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    scheduled.set(false);
                    reconcile();
                });
            } catch (RejectedExecutionException stopping) {
                scheduled.set(false);
            }
        }
    }

    private void reconcile() {
        ClusterState current = state;
        HazelcastMember running = member;
        if (current == null || running == null) {
            return;
        }
        if (!running.running()) {
            if (!closed && lost.compareAndSet(false, true)) {
                // Hazelcast stopped by itself (a merge that failed, an error): no node is reachable any more
                LOG.error("this node's cluster member stopped: it routes to no other node until the runtime is restarted");
                current.forgetAll();
            }
            return;
        }
        try {
            current.reconcile();
        } catch (RuntimeException e) {
            LOG.warn("updating the cluster view failed (it is retried within a second): {}", e.toString(), e);
        }
    }

    private void tick() {
        reconcile();
        if (ticks.incrementAndGet() % EXPIRE_EVERY_TICKS == 0 && links != null) {
            links.expire();
        }
    }

    /** Whether this node is a member now (it joined, and its Hazelcast member still runs). */
    public boolean member() {
        HazelcastMember running = member;
        return !closed && state != null && running != null && running.running();
    }

    @Override
    public String nodeName() {
        return settings.node();
    }

    /** The events that crossed between this node and the others (counts since it started). */
    public java.util.Map<String, Long> eventTraffic() {
        return eventTraffic.snapshot();
    }

    @Override
    public List<ClusterMember> members() {
        ClusterState current = state;
        return current == null ? List.of() : current.members();
    }

    /**
     * Drains (the runtime is stopping): says so in the registry, so other nodes stop routing calls
     * and events here; answers those that arrive meanwhile "not started", so their nodes send them
     * to another instance; and waits, up to {@code drainTimeoutMillis}, for the calls and events
     * other nodes sent here to finish. The node stays a member (its own components may still call
     * out) until {@link #close}. Once is enough: a second call returns at once.
     */
    public void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        ClusterState current = state;
        boolean joined = current != null && member != null && member.running();
        if (joined) {
            runOnThread(current::drain);
        }
        if (eventServer != null) {
            eventServer.stopAccepting();
        }
        if (callServer != null) {
            callServer.stopAccepting();
            try {
                if (!callServer.awaitIdle(settings.drainTimeoutMillis())) {
                    LOG.warn("node {} drained for {} ms (drainTimeoutMillis): {} calls from other nodes still run", settings.node(),
                            settings.drainTimeoutMillis(), callServer.running());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!joined) {
            return; // it never was a member: nobody routed here
        }
        LOG.info("node {} drains: other nodes route elsewhere, and the calls they sent here finished in {} ms", settings.node(),
                millis(System.nanoTime() - started));
    }

    /** Leaves: drains first (when the runtime's stop did not already), then leaves Hazelcast. */
    @Override
    public void close() {
        drain();
        closed = true;
        ClusterState current = state;
        if (current != null) {
            runOnThread(current::forgetAll);
        }
        thread.shutdownNow();
        if (links != null) {
            links.close();
        }
        if (server != null) {
            server.close();
        }
        if (member != null) {
            member.close();
        }
        calls.shutdownNow();
        connector.shutdownNow();
        answers.shutdown();
    }

    private void runOnThread(Runnable task) {
        try {
            thread.submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RejectedExecutionException e) {
            LOG.warn("leaving the cluster: {}", e.toString());
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
