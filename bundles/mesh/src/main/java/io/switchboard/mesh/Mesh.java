package io.switchboard.mesh;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;

/** The mesh, for the network edge, the console and the cluster. Registered as an OSGi service. */
@ProviderType
public interface Mesh {

    /** Every component known to this node: running instances (local or remote) and those waiting for dependencies. */
    List<ComponentDescription> describe();

    /**
     * Calls a component's method on behalf of a caller outside the mesh (an HTTP or WebSocket
     * client). There are no declared dependencies here: {@code options.range()} (or any version)
     * selects the candidates, and only instances on this node are reachable: a client sees the
     * components of the node it is attached to, except those the node brokers (the launcher's
     * {@code --broker}), whose instances on every node are. A user or anonymous origin is refused with
     * {@code security.unavailable} while no {@link io.switchboard.api.mesh.OriginPermissions}
     * service runs (the mesh fails closed). The result is plain data.
     */
    Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options);

    /**
     * {@link #call}, with the node whose instance answered: another node's for a component this node
     * brokers, this node's otherwise.
     *
     * @since 1.5
     */
    default Promise<CallAnswer> callAnswered(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return call(origin, component, method, args, options).map(result -> new CallAnswer(result, node()));
    }

    /**
     * Whether a client's call of this method ({@link #callAnswered}) may hold the calling thread a
     * while: false only when every instance the call may reach says the method returns without
     * waiting ({@link Instance#mayHoldCaller}); true when none runs (the safe answer). Must be cheap:
     * the network edge asks it once per call, on the thread that read the call, to decide whether
     * the call runs there.
     *
     * @since 1.8
     */
    default boolean mayHoldCaller(String component, String method, int arity) {
        return true;
    }

    /**
     * Calls the instance of one exact component version on this node, as a call that arrived from
     * another node: with the caller's origin, hop count (events emitted down the chain count from it)
     * and options ({@link CallOptions#isLenient()}; routing options are ignored). There is no routing:
     * when no instance of that version runs here (any more), or it is leaving, the promise fails with
     * {@link Instance#GONE} and the caller's node sends the call elsewhere. A user or anonymous origin
     * is refused while no {@link io.switchboard.api.mesh.OriginPermissions} service runs, as for
     * {@link #call}. The result is plain data.
     *
     * @since 1.3
     */
    default Promise<Object> invoke(String component, String version, String method, List<?> args, Origin origin, int hops,
            CallOptions options) {
        return call(origin, component, method, args, options.range(version));
    }

    /**
     * Subscribes a party outside the mesh (a client at the network edge) to a component's events.
     * The subscription gets every matching event: a client is not an instance of a component group,
     * so {@code any}/{@code all} do not apply. Like {@link #call}, it reaches only events emitted on
     * this node.
     *
     * @param origin       who subscribes (for logs and, later, the cluster)
     * @param component    the emitting component's name
     * @param eventPattern an event name or a pattern ({@code *} one segment, {@code **} any number)
     * @param range        the emitter versions accepted, a semver range; null for any
     * @param handler      runs once per event, on the emitter's thread, and must not block; the
     *                     payload is plain data (maps, lists, strings, numbers, booleans, null)
     * @return closing it ends the subscription
     * @throws io.switchboard.api.errors.SwitchboardException {@code mesh.invalid-range},
     *         {@code mesh.invalid-event-pattern}, or {@code security.unavailable} (as for {@link #call})
     * @since 1.1
     */
    Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler);

    /**
     * What the mesh is doing now, for operators: failures in full, dependencies as they resolve,
     * calls, failures and time spent per method, work in flight, drains under way and event subscriptions.
     * For administrators only (the web console); clients get {@link #describe()}.
     *
     * @since 1.3
     */
    default MeshSnapshot snapshot() {
        return new MeshSnapshot(describe().stream()
                .map(component -> new MeshSnapshot.Component(component, null, java.util.Map.of(), List.of(), 0)).toList(), List.of());
    }

    /**
     * What this node counted of component events since it started, for operators (the stats service).
     *
     * @since 1.4
     */
    default EventCounts eventCounts() {
        return EventCounts.NONE;
    }

    /**
     * {@link #eventCounts()} per event, keyed {@code component/event} (the emitting component and the
     * event name) in key order. Bounded: past a few hundred events, the rest are counted together under
     * {@code other}, so events that other nodes name cannot grow it.
     *
     * @since 1.6
     */
    default java.util.Map<String, EventCounts> eventCountsByEvent() {
        return java.util.Map.of();
    }

    /** Adds an instance that lives elsewhere (another node); it is routable until {@link #remove(Instance)}. */
    void add(Instance instance);

    /** Takes an instance out of routing. */
    void remove(Instance instance);

    /**
     * This node's name, as instance ids and descriptions carry it: the launcher's framework property
     * {@code switchboard.node.name} when it is set (a cluster node), otherwise the mesh's {@code node}
     * setting ({@code local} by default).
     *
     * @since 1.3
     */
    default String node() {
        return "local";
    }

    /**
     * The event subscriptions of the component instances on this node (not those of clients, which
     * only see this node's events, nor those added with {@link #subscribe(EventSubscription, Instance)}).
     * {@link MeshListener}s are told when they change.
     *
     * @since 1.3
     */
    default List<EventSubscription> eventSubscriptions() {
        return List.of();
    }

    /**
     * Adds a subscription held by an instance that lives elsewhere (another node's, which that node
     * published from its {@link #eventSubscriptions()}): this node's events that it accepts go to
     * {@code subscriber} (through its {@link Instance#carrier()} when it has one), and an {@code any}
     * subscription shares its events with the other instances of the same component and subscription,
     * wherever they run.
     *
     * @return closing it removes the subscription
     * @throws io.switchboard.api.errors.SwitchboardException {@code mesh.invalid-range} or
     *         {@code mesh.invalid-event-pattern} when the subscription cannot be read
     * @since 1.3
     */
    default Subscription subscribe(EventSubscription subscription, Instance subscriber) {
        throw new UnsupportedOperationException("this mesh takes no subscriptions from elsewhere");
    }

    /**
     * The instances of this node that left routing and are expected back (their bundles are
     * stopping, perhaps for an update in place), not those added with {@link #expectBack}. The
     * cluster publishes them with this node's record so that callers on other nodes wait for the new
     * revision, as callers here do. {@link MeshListener}s are told when they change.
     *
     * @since 1.7
     */
    default List<ExpectedBack> expectedBack() {
        return List.of();
    }

    /**
     * An instance on another node left routing and that node expects it back (it published it from
     * its {@link #expectedBack()}): until the returned handle is closed, a caller here that finds no
     * instance in a range {@code expected}'s version is in waits for one (as for a gap of this node's
     * own), and routes again when the handle closes. Close it before the last instance of the
     * component is removed from routing here, if it is to cover that moment, and when the other node
     * no longer expects it back or leaves the cluster. Does nothing while the mesh's
     * {@code rebindMillis} is 0.
     *
     * @param node the node that expects the instance back
     * @return closing it ends the wait for that instance
     * @throws io.switchboard.api.errors.SwitchboardException {@code mesh.invalid-version} when the version does not parse
     * @since 1.7
     */
    default Subscription expectBack(String node, ExpectedBack expected) {
        return () -> { };
    }

    /**
     * Hands an event that was emitted elsewhere (another node) to one of this node's component
     * subscriptions ({@link #eventSubscriptions()}), and reports once whether its handler acknowledged it.
     * A subscription that is not here (any more) fails with {@link Instance#GONE}, and the emitter's
     * node sends an {@code any} event to another instance.
     *
     * @since 1.3
     */
    default void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        acknowledgement.failed(new io.switchboard.api.errors.SwitchboardException(Instance.GONE,
                "this mesh takes no events from elsewhere"));
    }
}
