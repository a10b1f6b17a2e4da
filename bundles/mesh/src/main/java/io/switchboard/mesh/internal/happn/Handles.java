package io.switchboard.mesh.internal.happn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.semver4j.Semver;

import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.data.ScopedData;
import io.switchboard.mesh.internal.route.Callee;

/** Builds a component instance's {@link io.switchboard.api.mesh.Happn} from its declared dependencies. */
public final class Handles {

    private Handles() {
    }

    public static HappnImpl build(String name, String version, Semver semver, Instance instance, EventsImpl.Handlers handlers,
            List<DeclaredDependency> dependencies, HappnParts parts) {
        Map<String, Callee> callees = new LinkedHashMap<>();
        Map<String, DeclaredDependency> byName = new LinkedHashMap<>();
        for (DeclaredDependency dependency : dependencies) {
            callees.put(dependency.component(), new Callee(dependency.component(), dependency.range(), parts.registry()));
            byName.put(dependency.component(), dependency);
        }
        ExchangeImpl exchange = new ExchangeImpl(name, Origin.component(name, version), instance.id(), Map.copyOf(callees), parts);
        EventsImpl events = new EventsImpl(name, instance, handlers, Map.copyOf(byName), parts.subscriptions());
        return new HappnImpl(name, version, semver, exchange, events, parts.events(),
                // its own mapper: it caches the component's classes, and goes away with the component
                happn -> new ScopedData(name, parts.data(), happn::origin, new com.fasterxml.jackson.databind.ObjectMapper(), parts.promises(),
                        parts.conversion()),
                parts.permissions(), parts.conversion(), parts.promises());
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
