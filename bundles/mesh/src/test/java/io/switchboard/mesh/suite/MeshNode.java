package io.switchboard.mesh.suite;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventCounts;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.MeshSnapshot;

/**
 * One node as the suites see it from outside: the calls and event subscriptions of its clients (the
 * network edge: {@code POST /api/exchange}, the WebSocket {@code call} and {@code on}), and what an
 * operator reads ({@code /api/mesh/description}, the console's snapshot, the event counts).
 */
public interface MeshNode {

    /** A call from this node's edge, by a client ({@link Origin#user}, {@link Origin#anonymous}) or the system. */
    Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options);

    /** A client's subscription to a component's events on this node. */
    Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler);

    /** The components as {@code /api/mesh/description} lists them. */
    List<ComponentDescription> describe();

    /** What an operator sees of each local component: per-method counts, in-flight calls, resolved dependencies, failures. */
    MeshSnapshot snapshot();

    /** The event counts of this node since it started. */
    EventCounts eventCounts();

    /** The event counts of this node by {@code component/event}. */
    Map<String, EventCounts> eventCountsByEvent();

    /** Handlers reported as running past the ack timeout on this node. */
    long overdueHandlers();

    /** What this node's security answers for users' chains; null: no security service (stopped, or being updated). */
    void originPermissions(OriginPermissions permissions);

    /** Told whenever this node's description changes. */
    void addListener(Runnable listener);
}
