package io.switchboard.cluster.internal.data;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.cluster.internal.call.CallTransport;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.cluster.internal.registry.DataRecord;
import io.switchboard.publisher.LocalDelivery;
import io.switchboard.publisher.RecipientSource;
import io.switchboard.subscription.PatternsListener;
import io.switchboard.subscription.SubscriptionService;

/**
 * Data subscriptions across nodes, on a cluster whose nodes share one store. This node puts the
 * distinct patterns of its data subscriptions in its registry record; every node sends a data event
 * written there to the nodes with a matching pattern only ({@link RemoteNodes}), over the node
 * links, and those hand it to their own subscribers ({@link DataReceiver}) and report the counts,
 * which the writer's publisher adds to the write's results.
 *
 * <p>When a subscription here brings a new pattern, the registry alone would be too slow to tell
 * (its replication is asynchronous): the new list is also pushed to every live node over its link,
 * and the subscription is made once each has taken it (bounded by {@link #PUSH_TIMEOUT_MILLIS}), so
 * that it misses no event written anywhere after it was made.
 */
public final class ClusterData implements PatternsListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterData.class);
    /** How long a new subscription waits, at most, for the other nodes to take its pattern. */
    static final long PUSH_TIMEOUT_MILLIS = 5_000;
    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());

    private final SubscriptionService subscriptions;
    private final Clock clock;
    private final DataRoutes routes = new DataRoutes();
    private final DataReceiver receiver;
    private final ScheduledExecutorService timer;
    private final Object versions = new Object();
    private long version;
    private volatile DataRecord local = DataRecord.NONE;
    private volatile RemoteNodes remote;
    private volatile CallTransport transport;
    private volatile Supplier<Collection<String>> liveNodes;
    private volatile Runnable republish;

    public ClusterData(LocalDelivery delivery, SubscriptionService subscriptions, String self, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-cluster-data");
            thread.setDaemon(true);
            return thread;
        });
        this.receiver = new DataReceiver(delivery, routes, timer, self);
    }

    /** What the node links serve: the data part's payloads here, the rest to {@code calls}. */
    public CallHandler handler(CallHandler calls) {
        return new LinkDispatch(calls, receiver);
    }

    /**
     * Starts sending, once the node has joined.
     *
     * @param transport the node links
     * @param liveNodes the other live members' names
     * @param republish publishes this node's record again soon (its patterns changed)
     */
    public void attach(CallTransport transport, Supplier<Collection<String>> liveNodes, Runnable republish) {
        this.transport = transport;
        this.liveNodes = liveNodes;
        this.republish = republish;
        this.remote = new RemoteNodes(routes, transport, clock.millis());
        refresh();
    }

    /** The publisher's recipients on other nodes (registered as a RecipientSource once joined). */
    public RecipientSource recipients() {
        return (event, sink) -> {
            RemoteNodes nodes = remote;
            if (nodes != null) {
                nodes.collect(event, sink);
            }
        };
    }

    /** This node's patterns, for its registry record. */
    public DataRecord localRecord() {
        return local;
    }

    /** The other live members' patterns as the registry has them (on every pass of the cluster's state). */
    public void routesFrom(Map<String, DataRecord> live) {
        routes.retain(live);
        receiver.retain(live.keySet());
        RemoteNodes nodes = remote;
        if (nodes != null) {
            nodes.retain(live.keySet());
        }
    }

    @Override
    public Promise<Void> patternsChanged() {
        DataRecord record = refresh();
        Runnable again = republish;
        if (again != null) {
            again.run();
        }
        CallTransport links = transport;
        Supplier<Collection<String>> nodes = liveNodes;
        if (links == null || nodes == null) {
            return PROMISES.resolved(null);
        }
        List<Promise<Reply>> pushes = new ArrayList<>();
        byte[] payload = DataCodec.patterns(record);
        for (String node : nodes.get()) {
            pushes.add(links.call(node, payload));
        }
        if (pushes.isEmpty()) {
            return PROMISES.resolved(null);
        }
        Deferred<Void> taken = PROMISES.deferred();
        AtomicBoolean done = new AtomicBoolean();
        PROMISES.all(pushes).onResolve(() -> {
            if (done.compareAndSet(false, true)) {
                taken.resolve(null);
            }
        });
        timer.schedule(() -> {
            if (done.compareAndSet(false, true)) {
                LOG.warn("not every node took this node's new data subscription pattern within {} ms: it reaches them with the registry",
                        PUSH_TIMEOUT_MILLIS);
                taken.resolve(null);
            }
        }, PUSH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return taken.getPromise();
    }

    /** Reads the distinct patterns again under a new version (from the clock, so a restarted node's lists are newer). */
    private DataRecord refresh() {
        synchronized (versions) {
            version = Math.max(version + 1, clock.millis() * 1000);
            local = DataRoutes.record(version, subscriptions.patterns());
            return local;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
