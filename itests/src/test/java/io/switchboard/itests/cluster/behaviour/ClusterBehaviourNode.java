package io.switchboard.itests.cluster.behaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventCounts;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.MeshSnapshot;
import io.switchboard.mesh.suite.MeshNode;

/**
 * A runtime of the cluster as its clients and its operator see it: calls over {@code POST
 * /api/exchange} as the administrator (whatever origin the test names: a client here cannot choose
 * its session, and the cluster fixture says so, {@code CHOSEN_ORIGINS}), event subscriptions over
 * the WebSocket ({@code event.on}, one logged-in session each), {@code GET /api/mesh/description},
 * and what an operator reads ({@link ClusterBehaviourOperator}: the event counts and the snapshot;
 * the log for handlers reported overdue), counted from the start of the test's fixture, since the
 * cluster serves a whole class.
 */
final class ClusterBehaviourNode implements MeshNode {

    static final ObjectMapper LENIENT = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** The mesh's log line for a handler past the ack timeout (ComponentLauncher.reportOverdueHandlers). */
    static final String OVERDUE = "has been handling event";

    private final ClusterBehaviourFixture fixture;
    private final int index;
    private final ClusterBehaviourHttp edge;

    ClusterBehaviourNode(ClusterBehaviourFixture fixture, int index) {
        this.fixture = fixture;
        this.index = index;
        this.edge = fixture.cluster().edge(index);
    }

    @Override
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        if (options.route() != CallOptions.Route.PREFER_LOCAL || options.timeout() != null || options.isLenient()) {
            throw new UnsupportedOperationException("a client's call over HTTP takes a range only: " + options);
        }
        return ClusterBehaviourHttp.promised(edge.call(component, method, options.range(), args)
                .thenApply(json -> ClusterBehaviourHttp.JSON.convertValue(json, Object.class)));
    }

    @Override
    public List<ComponentDescription> describe() {
        List<ComponentDescription> described = new ArrayList<>();
        for (JsonNode component : edge.description().path("components")) {
            described.add(LENIENT.convertValue(component, ComponentDescription.class));
        }
        return described;
    }

    /** A client's subscription over the WebSocket; its events reach the handler when an emit of the test is answered. */
    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler) {
        return fixture.clientSubscription(index, component, eventPattern, range, handler);
    }

    @Override
    public MeshSnapshot snapshot() {
        return LENIENT.convertValue(edge.operator("snapshot"), MeshSnapshot.class);
    }

    @Override
    public EventCounts eventCounts() {
        return minus(counts(edge.operator("counts").path("total")), fixture.baseline(index).total());
    }

    @Override
    public Map<String, EventCounts> eventCountsByEvent() {
        Map<String, EventCounts> since = new TreeMap<>();
        edge.operator("counts").path("byEvent").fields().forEachRemaining(entry -> {
            EventCounts counted = minus(counts(entry.getValue()), fixture.baseline(index).byEvent().getOrDefault(entry.getKey(), EventCounts.NONE));
            if (!counted.equals(EventCounts.NONE)) {
                since.put(entry.getKey(), counted);
            }
        });
        return since;
    }

    @Override
    public long overdueHandlers() {
        return fixture.cluster().overdueLines(index) - fixture.baseline(index).overdue();
    }

    @Override
    public void originPermissions(OriginPermissions permissions) {
        throw unsupported("replacing the security");
    }

    @Override
    public void addListener(Runnable listener) {
        fixture.watch(index, listener);
    }

    static EventCounts counts(JsonNode counts) {
        return LENIENT.convertValue(counts, EventCounts.class);
    }

    private static EventCounts minus(EventCounts now, EventCounts before) {
        return new EventCounts(now.emitted() - before.emitted(), now.delivered() - before.delivered(), now.retried() - before.retried(),
                now.handlerFailures() - before.handlerFailures(), now.lost() - before.lost(), now.hopLimitDrops() - before.hopLimitDrops());
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not offered by the cluster fixture");
    }
}
