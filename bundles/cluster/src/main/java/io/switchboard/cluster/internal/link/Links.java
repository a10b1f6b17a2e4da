package io.switchboard.cluster.internal.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.mesh.Instance;

/**
 * This node's links to the others, one per node, opened when first needed (or as soon as the node
 * is known, see {@link #prepare}) and again after one breaks while the node is still a member.
 * Connecting happens on a thread of its own; calls made meanwhile wait for it.
 */
public final class Links implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Links.class);
    /** How long an unanswered call's entry is kept after its caller must have given up (the mesh's timeout is 30 s by default). */
    private static final long MAX_CALL_AGE_MILLIS = 10 * 60_000;

    private final ClusterSecret secret;
    private final String self;
    private final Function<String, InetSocketAddress> addresses;
    private final Executor answers;
    private final PromiseFactory promises = new PromiseFactory(PromiseFactory.inlineExecutor());
    private final ExecutorService connector;
    private final int limit;
    private final Clock clock;
    private final Map<String, Promise<OutboundLink>> byNode = new ConcurrentHashMap<>();
    private final TurnKeeper keeper = new TurnKeeper("switchboard-cluster-link-turns-out");
    private volatile boolean closed;

    /**
     * @param addresses a member's link address by node name; null when the node is not a member
     * @param answers   the threads that read the links and resolve their answers
     * @param connector opens links
     * @param limit     calls in flight per link
     */
    public Links(ClusterSecret secret, String self, Function<String, InetSocketAddress> addresses, Executor answers,
            ExecutorService connector, int limit, Clock clock) {
        this.secret = secret;
        this.self = self;
        this.addresses = addresses;
        this.answers = answers;
        this.connector = connector;
        this.limit = limit;
        this.clock = clock;
    }

    /** The link to a node: the open one, or one being opened. Fails with {@link Instance#GONE} when it cannot be opened. */
    public Promise<OutboundLink> to(String node) {
        Promise<OutboundLink> known = byNode.get(node);
        if (known != null && (!known.isDone() || usable(known))) {
            return known;
        }
        Deferred<OutboundLink> opening = promises.deferred();
        Promise<OutboundLink> fresh = opening.getPromise();
        boolean mine = known == null ? byNode.putIfAbsent(node, fresh) == null : byNode.replace(node, known, fresh);
        if (!mine) {
            return to(node);
        }
        try {
            connector.execute(() -> open(node, opening, fresh));
        } catch (RejectedExecutionException stopping) {
            byNode.remove(node, fresh);
            opening.fail(gone(node, "is not reachable: this node is stopping"));
        }
        return fresh;
    }

    /** Opens the link to a node that just became known, so its first call does not wait for it. */
    public void prepare(String node) {
        if (!closed) {
            to(node);
        }
    }

    private void open(String node, Deferred<OutboundLink> opening, Promise<OutboundLink> promise) {
        InetSocketAddress address = addresses.apply(node);
        if (address == null || closed) {
            byNode.remove(node, promise);
            opening.fail(gone(node, "is not a member"));
            return;
        }
        try {
            OutboundLink link = OutboundLink.open(node, address, secret, self, answers, keeper, limit, clock,
                    ended -> byNode.remove(node, promise));
            opening.resolve(link);
            LOG.debug("link to node {} at {} open", node, address);
        } catch (LinkRefused e) {
            byNode.remove(node, promise);
            LOG.warn("the link to node {} at {} was refused: {}", node, address, e.getMessage());
            opening.fail(gone(node, "refused the link"));
        } catch (IOException e) {
            byNode.remove(node, promise);
            LOG.debug("the link to node {} at {} could not be opened: {}", node, address, e.toString());
            opening.fail(gone(node, "could not be reached"));
        }
    }

    /** The node left: its link ends, failing the calls waiting on it (see {@link OutboundLink#close}). */
    public void nodeLeft(String node, String why) {
        Promise<OutboundLink> link = byNode.remove(node);
        if (link != null) {
            link.onSuccess(open -> open.close(why));
        }
    }

    /** Frees the entries of calls whose callers gave up long ago. */
    public void expire() {
        long now = clock.millis();
        byNode.values().forEach(link -> {
            if (usable(link)) {
                link.onSuccess(open -> open.expire(now, MAX_CALL_AGE_MILLIS));
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        byNode.keySet().forEach(node -> nodeLeft(node, "is out of reach: this node is stopping"));
        keeper.close();
    }

    private static boolean usable(Promise<OutboundLink> link) {
        try {
            return link.isDone() && link.getFailure() == null && link.getValue().open();
        } catch (Exception e) {
            return false;
        }
    }

    private static SwitchboardException gone(String node, String why) {
        return new SwitchboardException(Instance.GONE, "node " + node + " " + why);
    }
}
