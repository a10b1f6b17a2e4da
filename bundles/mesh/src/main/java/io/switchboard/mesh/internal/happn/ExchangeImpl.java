package io.switchboard.mesh.internal.happn;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.CallOutcome;
import io.switchboard.api.mesh.Exchange;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.StickyMoved;
import io.switchboard.mesh.internal.route.Callee;
import io.switchboard.mesh.internal.version.SemverRange;
import io.switchboard.mesh.internal.work.CallContext;

/** A component's exchange: only its declared dependencies are reachable. */
final class ExchangeImpl implements Exchange {

    private final String self;
    private final Origin selfOrigin;
    private final String instanceId;
    private final Map<String, Callee> callees;
    private final HappnParts parts;

    ExchangeImpl(String self, Origin selfOrigin, String instanceId, Map<String, Callee> callees, HappnParts parts) {
        this.self = self;
        this.selfOrigin = selfOrigin;
        this.instanceId = instanceId;
        this.callees = callees;
        this.parts = parts;
    }

    @Override
    public <T> T proxy(String component, Class<T> api) {
        return proxy(component, api, CallOptions.defaults());
    }

    @Override
    public <T> T proxy(String component, Class<T> api, CallOptions options) {
        Callee callee = callee(component);
        if (!api.isInterface()) {
            throw new SwitchboardException(MeshErrors.BAD_PROXY, api.getName() + " is not an interface");
        }
        ProxyHandler handler = new ProxyHandler(component, api,
                (method, args, opts) -> send(callee, method, args, opts), options, parts.conversion(), parts.promises());
        // checked now against the instances it reaches, and against each new one: a mismatch shows before a call fails
        SemverRange range = options.range() == null ? callee.declared() : callee.declared().and(SemverRange.parse(options.range()));
        parts.contracts().add(instanceId, selfOrigin.name(), component, range, api, options.isLenient());
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
    }

    @Override
    public Promise<Object> call(String component, String method, List<?> args) {
        return call(component, method, args, CallOptions.defaults());
    }

    @Override
    public Promise<Object> call(String component, String method, List<?> args, CallOptions options) {
        Callee callee = callees.get(component);
        if (callee == null) {
            return parts.promises().failed(undeclared(component));
        }
        return parts.conversion().answerAsData(send(callee, method, args, options), component, method, parts.promises());
    }

    @Override
    public Promise<List<CallOutcome>> callAll(String component, String method, List<?> args) {
        Callee callee = callees.get(component);
        if (callee == null) {
            return parts.promises().failed(undeclared(component));
        }
        CallContext context = CallContext.current();
        return parts.dispatcher().callAll(callee, method, args, CallOptions.defaults(), origin(context), hops(context));
    }

    @Override
    public void onStickyMoved(String component, StickyMoved hook) {
        callee(component).onStickyMoved(hook);
    }

    private Promise<Object> send(Callee callee, String method, List<?> args, CallOptions options) {
        CallContext context = CallContext.current();
        return parts.dispatcher().call(callee, method, args, options, origin(context), hops(context));
    }

    private Origin origin(CallContext context) {
        return context == null ? selfOrigin : context.origin();
    }

    private static int hops(CallContext context) {
        return context == null ? 0 : context.events();
    }

    private Callee callee(String component) {
        Callee callee = callees.get(component);
        if (callee == null) {
            throw undeclared(component);
        }
        return callee;
    }

    private SwitchboardException undeclared(String component) {
        return new SwitchboardException(MeshErrors.UNDECLARED_DEPENDENCY, self + " did not declare a dependency on " + component
                + "; it can reach " + (callees.isEmpty() ? "no component" : String.join(", ", callees.keySet()))
                + " (add it to @MeshComponent(dependencies = ...))");
    }
}
