package io.switchboard.mesh.internal.suite;

import java.util.List;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;

/**
 * How another node's instance looks from here: not local, and everything crossing to it goes as
 * data (JSON-mapped), as it would over the wire.
 */
final class RemoteStandIn implements Instance {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Instance target;

    RemoteStandIn(Instance target) {
        this.target = target;
    }

    Instance target() {
        return target;
    }

    @Override
    public String id() {
        return target.id();
    }

    @Override
    public String component() {
        return target.component();
    }

    @Override
    public String version() {
        return target.version();
    }

    @Override
    public String node() {
        return target.node();
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public List<String> methods() {
        return target.methods();
    }

    @Override
    public List<String> events() {
        return target.events();
    }

    @Override
    public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
        return invoke(method, args, origin, hops, io.switchboard.api.mesh.CallOptions.defaults());
    }

    /** The options travel with the call, as they would over the wire (the callee converts leniently or not). */
    @Override
    public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops, io.switchboard.api.mesh.CallOptions options) {
        List<?> wired = JSON.convertValue(args, List.class);
        return target.invoke(method, wired, origin, hops, options).map(result -> JSON.convertValue(result, Object.class));
    }

    @Override
    public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        EventEnvelope wired = new EventEnvelope(event.component(), event.version(), event.name(),
                JSON.convertValue(event.payload(), Object.class), event.origin(), event.hops());
        target.deliver(subscriptionId, wired, failover, acknowledgement);
    }
}
