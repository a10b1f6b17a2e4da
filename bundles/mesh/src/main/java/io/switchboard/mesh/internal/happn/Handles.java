package io.switchboard.mesh.internal.happn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.semver4j.Semver;

import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.internal.data.ScopedData;
import io.switchboard.mesh.internal.route.Callee;

/** Builds a component instance's {@link io.switchboard.api.mesh.Happn} from its declared dependencies. */
public final class Handles {

    private Handles() {
    }

    public static HappnImpl build(String name, String version, Semver semver, Instance instance, EventsImpl.Handlers handlers,
            List<DeclaredDependency> dependencies, MeshCore core) {
        Map<String, Callee> callees = new LinkedHashMap<>();
        Map<String, DeclaredDependency> byName = new LinkedHashMap<>();
        for (DeclaredDependency dependency : dependencies) {
            callees.put(dependency.component(), new Callee(dependency.component(), dependency.range(), core.registry()));
            byName.put(dependency.component(), dependency);
        }
        ExchangeImpl exchange = new ExchangeImpl(name, Origin.component(name, version), instance.id(), Map.copyOf(callees), core);
        EventsImpl events = new EventsImpl(name, instance, handlers, Map.copyOf(byName), core.subscriptions());
        return new HappnImpl(name, version, semver, exchange, events, core.events(),
                // its own mapper: it caches the component's classes, and goes away with the component
                happn -> new ScopedData(name, core::dataService, happn::origin, new com.fasterxml.jackson.databind.ObjectMapper(), core.promises(),
                        core.conversion()),
                core::originPermissions, core.conversion(), core.promises());
    }

    /** Lets code outside this package give an instance's handler table to {@link #build}. */
    public static EventsImpl.Handlers handlers(java.util.function.BiConsumer<String, io.switchboard.api.mesh.EventHandler> add,
            java.util.function.Consumer<String> remove) {
        return new EventsImpl.Handlers() {
            @Override
            public void add(String subscriptionId, io.switchboard.api.mesh.EventHandler handler) {
                add.accept(subscriptionId, handler);
            }

            @Override
            public void remove(String subscriptionId) {
                remove.accept(subscriptionId);
            }
        };
    }
}
