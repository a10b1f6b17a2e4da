package io.switchboard.cluster.internal.call;

import java.util.List;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Origin;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;

/**
 * An instance that runs on another node, as this node's mesh routes to it. Its id is
 * {@code node/component@version}: a node runs at most one instance of a version.
 */
public final class RemoteInstance implements Instance {

    private final String node;
    private final String component;
    private final String version;
    private final List<String> methods;
    private final List<String> events;
    private final CallTransport transport;
    private final PromiseFactory promises;
    private final String id;

    public RemoteInstance(String node, String component, String version, List<String> methods, List<String> events,
            CallTransport transport, PromiseFactory promises) {
        this.node = node;
        this.component = component;
        this.version = version;
        this.methods = List.copyOf(methods);
        this.events = List.copyOf(events);
        this.transport = transport;
        this.promises = promises;
        this.id = id(node, component, version);
    }

    public static String id(String node, String component, String version) {
        return node + "/" + component + "@" + version;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String component() {
        return component;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public List<String> methods() {
        return methods;
    }

    @Override
    public List<String> events() {
        return events;
    }

    /** Whether it offers the same as another description of the same instance (a re-published record). */
    public boolean sameAs(RemoteInstance other) {
        return id.equals(other.id) && methods.equals(other.methods) && events.equals(other.events);
    }

    @Override
    public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
        byte[] payload;
        try {
            payload = CallCodec.call(new CallRequest(component, version, method, args, origin, hops));
        } catch (NotSendable e) {
            return promises.failed(notSendable(method, e.getMessage()));
        }
        if (payload.length > Frames.MAX_PAYLOAD_BYTES) {
            return promises.failed(notSendable(method, "the arguments are larger than " + Frames.MAX_PAYLOAD_BYTES + " bytes"));
        }
        return transport.call(node, payload).flatMap(reply -> answer(reply, method))
                .recoverWith(failed -> promises.failed(named(failed.getFailure(), method)));
    }

    private Promise<Object> answer(Reply reply, String method) {
        return switch (reply.type()) {
            case Frames.RESULT -> {
                try {
                    yield promises.resolved(CallCodec.value(reply.payload()));
                } catch (NotSendable e) {
                    yield promises.failed(notSendable(method, e.getMessage()));
                }
            }
            case Frames.NOT_STARTED -> promises.failed(new SwitchboardException(GONE, CallCodec.notStartedMessage(reply.payload())));
            default -> promises.failed(CallCodec.failure(reply.payload(), node));
        };
    }

    /** A failure of the trip (not of the callee) says which call it was. */
    private Throwable named(Throwable failure, String method) {
        if (failure instanceof SwitchboardException coded && coded.code().equals(ClusterErrors.NODE_LEFT)) {
            return new SwitchboardException(coded.code(), component + "@" + version + " " + method + ": " + coded.getMessage());
        }
        return failure;
    }

    private SwitchboardException notSendable(String method, String why) {
        return new SwitchboardException(ClusterErrors.NOT_SENDABLE, component + "@" + version + " " + method + " on node " + node
                + ": " + why);
    }

    /**
     * Events to instances on other nodes come with the next phase, which replicates subscriptions;
     * until then no subscription names a remote instance, so this is never asked.
     */
    @Override
    public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        acknowledgement.failed(new SwitchboardException(GONE, "events do not cross nodes yet"));
    }

    @Override
    public String toString() {
        return id;
    }
}
