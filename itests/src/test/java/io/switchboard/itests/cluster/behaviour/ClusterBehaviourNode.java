package io.switchboard.itests.cluster.behaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * A runtime of the cluster as its clients see it: calls over {@code POST /api/exchange} as the
 * administrator (whatever origin the test names: a client here cannot choose its session, and the
 * cluster fixture says so, {@code CHOSEN_ORIGINS}), and {@code GET /api/mesh/description}. What
 * only the exchange suite does not need is not offered.
 */
final class ClusterBehaviourNode implements MeshNode {

    private static final ObjectMapper LENIENT = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ClusterBehaviourHttp edge;

    ClusterBehaviourNode(ClusterBehaviourHttp edge) {
        this.edge = edge;
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

    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler) {
        throw unsupported("a client's event subscription");
    }

    @Override
    public MeshSnapshot snapshot() {
        throw unsupported("the snapshot");
    }

    @Override
    public EventCounts eventCounts() {
        throw unsupported("the event counts");
    }

    @Override
    public Map<String, EventCounts> eventCountsByEvent() {
        throw unsupported("the event counts");
    }

    @Override
    public long overdueHandlers() {
        throw unsupported("the overdue handlers");
    }

    @Override
    public void originPermissions(OriginPermissions permissions) {
        throw unsupported("replacing the security");
    }

    @Override
    public void addListener(Runnable listener) {
        throw unsupported("a description listener");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not offered by the cluster fixture, which drives the exchange suite");
    }
}
