package io.switchboard.mesh.internal.happn;

import java.util.function.Supplier;

import org.osgi.util.promise.Promise;
import org.semver4j.Semver;

import io.switchboard.api.mesh.ComponentData;
import io.switchboard.api.mesh.Events;
import io.switchboard.api.mesh.Exchange;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.event.EventRouter;

/** One component instance's handle. */
public final class HappnImpl implements Happn {

    private final String name;
    private final String version;
    private final Semver semver;
    private final Origin self;
    private final Exchange exchange;
    private final Events events;
    private final EventRouter router;
    private final System.Logger log;
    private final ComponentData data;
    private final Supplier<OriginPermissions> permissions;

    HappnImpl(String name, String version, Semver semver, Exchange exchange, Events events, EventRouter router,
            java.util.function.Function<Happn, ComponentData> data, Supplier<OriginPermissions> permissions) {
        this.name = name;
        this.version = version;
        this.semver = semver;
        this.self = Origin.component(name, version);
        this.exchange = exchange;
        this.events = events;
        this.router = router;
        this.log = new ComponentLogger(name, version);
        this.data = data.apply(this);
        this.permissions = permissions;
    }

    @Override
    public ComponentData data() {
        return data;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    @Override
    public Events event() {
        return events;
    }

    @Override
    public Promise<Integer> emit(String event, Object payload) {
        return router.emit(envelope(event, payload), semver, false);
    }

    @Override
    public Promise<Integer> emitLocal(String event, Object payload) {
        return router.emit(envelope(event, payload), semver, true);
    }

    private EventEnvelope envelope(String event, Object payload) {
        CallContext context = CallContext.current();
        return context == null ? new EventEnvelope(name, version, event, payload, self, 0)
                : new EventEnvelope(name, version, event, payload, context.origin(), context.events());
    }

    @Override
    public System.Logger log() {
        return log;
    }

    @Override
    public Origin origin() {
        CallContext context = CallContext.current();
        return context == null ? self : context.origin();
    }

    @Override
    public boolean allowed(String action, String path) {
        Origin origin = origin();
        if (origin.kind() == Origin.Kind.COMPONENT || origin.kind() == Origin.Kind.SYSTEM) {
            return true;
        }
        OriginPermissions check = permissions.get();
        // Without the security feature there are no users to tell apart: everything is open, as at the edge.
        return check == null || check.allowed(origin, action, path);
    }
}
