package io.switchboard.mesh.internal;

import java.util.List;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.data.DataService;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshListener;
import io.switchboard.mesh.internal.lifecycle.ComponentExtender;

/** The mesh on this node as an OSGi service, and the extender that brings component bundles to life. */
@Component(service = Mesh.class, immediate = true, configurationPid = "io.switchboard.mesh")
@Designate(ocd = MeshRuntime.Config.class)
@Capability(namespace = "osgi.extender", name = MeshComponent.EXTENDER, version = "1.0.0")
public final class MeshRuntime implements Mesh {

    @ObjectClassDefinition(name = "Switchboard mesh", description = "Routing of calls and events among versioned components")
    public @interface Config {
        @AttributeDefinition(description = "This node's name in instance ids")
        String node() default "local";

        @AttributeDefinition(description = "Default time a caller waits for an asynchronous answer, in ms")
        long callTimeoutMillis() default 30_000;

        @AttributeDefinition(description = "How long a stopping component may take to finish in-flight calls and events, in ms")
        long drainTimeoutMillis() default 10_000;

        @AttributeDefinition(description = "How long an event handler may run before it is reported (and an 'any' event moves on), in ms")
        long ackTimeoutMillis() default 30_000;

        @AttributeDefinition(description = "Events in one chain before the next is dropped as a loop")
        int hopLimit() default 10;

        @AttributeDefinition(description = "Failed handlers an 'any' event is retried past, on other instances")
        int retryLimit() default 3;

        @AttributeDefinition(description = "Threads running event handlers (0: one per processor, at least 2)")
        int eventThreads() default 0;

        @AttributeDefinition(description = "How long callers wait, in ms, for a component whose bundle stopped (an update in place) "
                + "to come back before they fail with mesh.no-matching-version (0: they fail at once)")
        long rebindMillis() default MeshSettings.DEFAULT_REBIND_MILLIS;
    }

    private volatile MeshCore core;
    private ComponentExtender extender;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataService data;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OriginPermissions permissions;

    private final java.util.List<MeshListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(MeshListener listener) {
        listeners.add(listener);
        MeshCore running = core;
        if (running != null) {
            running.addListener(listener);
        }
    }

    void removeListener(MeshListener listener) {
        listeners.remove(listener);
        MeshCore running = core;
        if (running != null) {
            running.removeListener(listener);
        }
    }

    @Activate
    void activate(BundleContext context, Config config) {
        int threads = config.eventThreads() > 0 ? config.eventThreads() : MeshSettings.defaults().eventThreads();
        core = new MeshCore(new MeshSettings(config.node(), config.callTimeoutMillis(), config.drainTimeoutMillis(),
                config.ackTimeoutMillis(), config.hopLimit(), config.retryLimit(), threads, config.rebindMillis()));
        core.dataService(() -> data);
        core.originPermissions(() -> permissions);
        listeners.forEach(core::addListener);
        extender = new ComponentExtender(context, core.launcher());
        extender.open();
    }

    @Deactivate
    void deactivate() {
        extender.close();
        core.close();
    }

    @Override
    public List<ComponentDescription> describe() {
        return core.describe();
    }

    @Override
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return core.call(origin, component, method, args, options);
    }

    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range,
            java.util.function.Consumer<EventEnvelope> handler) {
        return core.subscribe(origin, component, eventPattern, range, handler);
    }

    @Override
    public void add(Instance instance) {
        core.add(instance);
    }

    @Override
    public void remove(Instance instance) {
        core.remove(instance);
    }
}
