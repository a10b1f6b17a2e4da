package io.switchboard.cluster.internal.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.EventSubscription;
import io.switchboard.mesh.ExpectedBack;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.Mesh;

/** A mesh as the cluster sees it through the public API: local components, and the remote instances added; it logs each change. */
final class FakeMesh implements Mesh {

    final List<ComponentDescription> local = new ArrayList<>();
    final Map<String, Instance> added = new LinkedHashMap<>();
    final List<String> log;

    FakeMesh(List<String> log) {
        this.log = log;
    }

    void run(String name, String version) {
        local.add(new ComponentDescription(name, version, "running", List.of("go(0)"), List.of("went"), Map.of(), Map.of(),
                List.of("local"), List.of()));
    }

    void waiting(String name, String version) {
        local.add(new ComponentDescription(name, version, "waiting", List.of(), List.of(), Map.of("other", "^1.0.0"), Map.of(), List.of(),
                List.of("other")));
    }

    @Override
    public List<ComponentDescription> describe() {
        Map<String, ComponentDescription> byLabel = new LinkedHashMap<>();
        local.forEach(description -> byLabel.put(description.name() + "@" + description.version(), description));
        for (Instance instance : added.values()) {
            String label = instance.component() + "@" + instance.version();
            ComponentDescription known = byLabel.get(label);
            TreeSet<String> nodes = new TreeSet<>(known == null ? List.of() : known.nodes());
            nodes.add(instance.node());
            byLabel.put(label, new ComponentDescription(instance.component(), instance.version(), "running", instance.methods(),
                    instance.events(), Map.of(), Map.of(), List.copyOf(nodes), List.of()));
        }
        return List.copyOf(byLabel.values());
    }

    @Override
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler) {
        throw new UnsupportedOperationException();
    }

    final List<EventSubscription> subscriptions = new ArrayList<>();
    /** Other nodes' subscriptions added, by id. */
    final Map<String, Instance> subscribed = new LinkedHashMap<>();

    @Override
    public List<EventSubscription> eventSubscriptions() {
        return List.copyOf(subscriptions);
    }

    @Override
    public Subscription subscribe(EventSubscription subscription, Instance subscriber) {
        subscribed.put(subscription.id(), subscriber);
        log.add("subscribe " + subscription.id() + " for " + subscriber.id());
        return () -> {
            subscribed.remove(subscription.id());
            log.add("unsubscribe " + subscription.id());
        };
    }

    /** This node's instances expected back (its own gaps). */
    final List<ExpectedBack> expectedBack = new ArrayList<>();
    /** Other nodes' instances waited for here, by node and label. */
    final List<String> awaited = new ArrayList<>();

    @Override
    public List<ExpectedBack> expectedBack() {
        return List.copyOf(expectedBack);
    }

    @Override
    public Subscription expectBack(String node, ExpectedBack expected) {
        if (!expected.version().matches("\\d+\\.\\d+\\.\\d+")) {
            throw new io.switchboard.api.errors.SwitchboardException("mesh.invalid-version", expected.version() + " is not a version");
        }
        String key = node + "/" + expected.label();
        awaited.add(key);
        log.add("expect " + key);
        return () -> {
            awaited.remove(key);
            log.add("unexpect " + key);
        };
    }

    @Override
    public void add(Instance instance) {
        added.put(instance.id(), instance);
        log.add("add " + instance.id());
    }

    @Override
    public void remove(Instance instance) {
        added.remove(instance.id());
        log.add("remove " + instance.id());
    }
}
