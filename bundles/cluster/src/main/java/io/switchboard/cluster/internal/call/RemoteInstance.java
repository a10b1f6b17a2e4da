package io.switchboard.cluster.internal.call;

import java.util.List;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventCarrier;
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
    private final EventCarrier carrier;

    public RemoteInstance(String node, String component, String version, List<String> methods, List<String> events,
            CallTransport transport, PromiseFactory promises) {
        this(node, component, version, methods, events, transport, promises, null);
    }

    /** @param carrier its node's events (every instance of a node shares it); null: events do not reach it */
    public RemoteInstance(String node, String component, String version, List<String> methods, List<String> events,
            CallTransport transport, PromiseFactory promises, EventCarrier carrier) {
        this.node = node;
        this.component = component;
        this.version = version;
        this.methods = List.copyOf(methods);
        this.events = List.copyOf(events);
        this.transport = transport;
        this.promises = promises;
        this.id = id(node, component, version);
        this.carrier = carrier;
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
        return invoke(method, args, origin, hops, CallOptions.defaults());
    }

    /** The caller's options that concern the callee (lenient reading) travel with the call; routing ones stay here. */
    @Override
    public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops, CallOptions options) {
        byte[] payload;
        try {
            payload = CallCodec.call(new CallRequest(component, version, method, args, origin, hops, options.isLenient()));
        } catch (NotSendable e) {
            return promises.failed(notSendable(method, e.getMessage()));
        }
        if (payload.length > Frames.MAX_PAYLOAD_BYTES) {
            return promises.failed(notSendable(method, "the arguments are larger than " + Frames.MAX_PAYLOAD_BYTES + " bytes"));
        }
        Promise<Reply> reply = transport.call(node, payload);
        // one promise per call, resolved where the reply is: no chain of them on a path taken 100,000 times a second
        Deferred<Object> answer = promises.deferred();
        reply.onResolve(() -> settle(reply, method, answer));
        return answer.getPromise();
    }

    private void settle(Promise<Reply> reply, String method, Deferred<Object> answer) {
        Throwable failure = failure(reply);
        if (failure != null) {
            answer.fail(named(failure, method));
            return;
        }
        Reply got = value(reply);
        switch (got.type()) {
            case Frames.RESULT -> {
                try {
                    answer.resolve(CallCodec.value(got.payload()));
                } catch (NotSendable e) {
                    answer.fail(notSendable(method, e.getMessage()));
                }
            }
            case Frames.NOT_STARTED -> answer.fail(new SwitchboardException(GONE, CallCodec.notStartedMessage(got.payload())));
            default -> answer.fail(CallCodec.failure(got.payload(), node));
        }
    }

    private static Throwable failure(Promise<?> done) {
        try {
            return done.getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static Reply value(Promise<Reply> done) {
        try {
            return done.getValue();
        } catch (java.lang.reflect.InvocationTargetException | InterruptedException e) {
            throw new IllegalStateException("a resolved reply could not be read", e);
        }
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

    /** One event to one subscription (an {@code any} event tried again): a payload of its own, through the node's carrier. */
    @Override
    public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        if (carrier == null) {
            acknowledgement.failed(new SwitchboardException(GONE, "events do not reach node " + node));
            return;
        }
        carrier.carry(event, List.of(new EventCarrier.Recipient(subscriptionId, failover, acknowledgement)));
    }

    @Override
    public EventCarrier carrier() {
        return carrier;
    }

    @Override
    public String toString() {
        return id;
    }
}
