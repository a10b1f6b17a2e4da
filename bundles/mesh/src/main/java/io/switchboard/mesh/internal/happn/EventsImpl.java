package io.switchboard.mesh.internal.happn;

import java.util.Map;
import java.util.UUID;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.EventHandler;
import io.switchboard.api.mesh.Events;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.SubscribeOptions;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.internal.event.EventPattern;
import io.switchboard.mesh.internal.event.ReceivedEvent;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.event.SubscriptionTable;
import io.switchboard.mesh.internal.version.SemverRange;

/** A component's subscriptions: only to declared dependencies, held by its own instance. */
final class EventsImpl implements Events {

    /** Where an instance keeps the handlers of its subscriptions. */
    public interface Handlers {
        void add(String subscriptionId, EventHandler handler);

        void remove(String subscriptionId);
    }

    private final String self;
    private final io.switchboard.mesh.Instance instance;
    private final Handlers handlers;
    private final Map<String, DeclaredDependency> dependencies;
    private final SubscriptionTable table;

    EventsImpl(String self, io.switchboard.mesh.Instance instance, Handlers handlers, Map<String, DeclaredDependency> dependencies,
            SubscriptionTable table) {
        this.self = self;
        this.instance = instance;
        this.handlers = handlers;
        this.dependencies = dependencies;
        this.table = table;
    }

    @Override
    public Subscription on(String component, String pattern, EventHandler handler) {
        return on(component, pattern, SubscribeOptions.all(), handler);
    }

    @Override
    public Subscription on(String component, String pattern, SubscribeOptions options, EventHandler handler) {
        DeclaredDependency dependency = dependencies.get(component);
        if (dependency == null) {
            throw new SwitchboardException(MeshErrors.UNDECLARED_DEPENDENCY, self + " did not declare a dependency on " + component
                    + ", so it cannot subscribe to its events (add it to @MeshComponent(dependencies = ...))");
        }
        SemverRange range = options.range() == null ? dependency.range() : dependency.range().and(SemverRange.parse(options.range()));
        String id = instance.id() + "/" + UUID.randomUUID();
        SubscriptionRecord record = new SubscriptionRecord(id, instance, component, range, EventPattern.compile(pattern), options.delivery());
        // a lenient subscription reads its payloads leniently, whatever the handler does with them
        handlers.add(id, options.isLenient() ? event -> handler.handle(ReceivedEvent.lenient(event)) : handler);
        table.add(record);
        return () -> {
            table.remove(id);
            handlers.remove(id);
        };
    }
}
