package io.switchboard.mesh.internal.suite;

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
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.suite.MeshNode;

/** A node of {@link LoopbackNodes} as the suites see it: its mesh's edge and what an operator reads. */
final class CoreNode implements MeshNode {

    private final MeshCore core;

    CoreNode(MeshCore core) {
        this.core = core;
    }

    @Override
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return core.call(origin, component, method, args, options);
    }

    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler) {
        return core.subscribe(origin, component, eventPattern, range, handler);
    }

    @Override
    public List<ComponentDescription> describe() {
        return core.describe();
    }

    @Override
    public MeshSnapshot snapshot() {
        return core.snapshot();
    }

    @Override
    public EventCounts eventCounts() {
        return core.eventCounts();
    }

    @Override
    public Map<String, EventCounts> eventCountsByEvent() {
        return core.eventCountsByEvent();
    }

    @Override
    public long overdueHandlers() {
        return core.events().stats().overdueHandlers();
    }

    @Override
    public void originPermissions(OriginPermissions permissions) {
        core.originPermissions(() -> permissions);
    }

    @Override
    public void addListener(Runnable listener) {
        core.addListener(listener::run);
    }
}
