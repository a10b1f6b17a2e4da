package io.switchboard.mesh.internal.happn;

import java.util.function.Supplier;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.semver4j.Semver;

import io.switchboard.api.mesh.ComponentData;
import io.switchboard.api.mesh.Events;
import io.switchboard.api.mesh.Exchange;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.event.EventRouter;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.ConversionFailure;
import io.switchboard.mesh.internal.work.CallContext;

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
    private final Conversion conversion;
    private final PromiseFactory promises;

    HappnImpl(String name, String version, Semver semver, Exchange exchange, Events events, EventRouter router,
            java.util.function.Function<Happn, ComponentData> data, Supplier<OriginPermissions> permissions, Conversion conversion,
            PromiseFactory promises) {
        this.conversion = conversion;
        this.promises = promises;
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
        return emit(event, payload, false);
    }

    @Override
    public Promise<Integer> emitLocal(String event, Object payload) {
        return emit(event, payload, true);
    }

    /**
     * The payload becomes data once, here, before anything is sent: every subscriber gets the same
     * read-only data (never the emitter's own objects), and a payload that cannot be data (too deep,
     * refers to itself) is refused before it reaches anyone.
     */
    private Promise<Integer> emit(String event, Object payload, boolean localOnly) {
        Object data;
        try {
            data = conversion.toFrozenData(payload);
        } catch (ConversionFailure e) {
            return promises.failed(e.toException(name + "@" + version + " event " + event + ": the payload", MeshErrors.BAD_PAYLOAD));
        }
        CallContext context = CallContext.current();
        EventEnvelope envelope = context == null ? new EventEnvelope(name, version, event, data, self, 0)
                : new EventEnvelope(name, version, event, data, context.origin(), context.events());
        return router.emit(envelope, semver, localOnly);
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
        // Fail closed: no service (security stopped, or being updated) means no one to say yes. The
        // insecure development mode registers one that allows everything.
        return check != null && check.allowed(origin, action, path);
    }
}
