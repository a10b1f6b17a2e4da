package io.switchboard.mesh.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.MeshSnapshot;
import io.switchboard.mesh.internal.event.EdgeSubscriber;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.happn.DeclaredDependency;
import io.switchboard.mesh.internal.lifecycle.ComponentDeclaration;
import io.switchboard.mesh.internal.lifecycle.FailedComponent;
import io.switchboard.mesh.internal.lifecycle.LocalInstance;
import io.switchboard.mesh.internal.route.Matches;

/** Builds the operators' view of the mesh ({@link MeshSnapshot}) from the description and the launcher's state. */
final class MeshSnapshots {

    private MeshSnapshots() {
    }

    static MeshSnapshot of(MeshCore core) {
        Map<String, ComponentDeclaration> declarations = new HashMap<>();
        core.launcher().declarations().forEach(declaration -> declarations.put(declaration.label(), declaration));
        Map<String, LocalInstance> running = new HashMap<>();
        core.launcher().runningInstances().forEach((declaration, instance) -> running.put(declaration.label(), instance));
        Map<String, String> failures = new HashMap<>();
        for (FailedComponent failure : core.launcher().failures()) {
            failures.put(failure.label(), failure.detail());
        }
        List<MeshSnapshot.Component> components = new ArrayList<>();
        for (ComponentDescription description : core.describe()) {
            String label = description.name() + "@" + description.version();
            LocalInstance instance = running.get(label);
            components.add(new MeshSnapshot.Component(description, failures.get(label), resolved(core, declarations.get(label)),
                    instance == null ? List.of() : instance.calls(), instance == null ? 0 : instance.inFlight()));
        }
        core.launcher().drainingInstances().forEach((declaration, instance) -> {
            ComponentDescription description = new ComponentDescription(declaration.name(), declaration.version(),
                    MeshSnapshot.Component.DRAINING, declaration.methods().signatures(), declaration.events(), Map.of(), Map.of(),
                    List.of(instance.node()), List.of(), List.of());
            components.add(new MeshSnapshot.Component(description, null, Map.of(), instance.calls(), instance.inFlight()));
        });
        return new MeshSnapshot(components, subscriptions(core));
    }

    /** Each declared dependency with the versions it reaches now, highest first. */
    private static Map<String, List<String>> resolved(MeshCore core, ComponentDeclaration declaration) {
        if (declaration == null) {
            return Map.of();
        }
        Map<String, List<String>> resolved = new LinkedHashMap<>();
        for (DeclaredDependency dependency : declaration.dependencies()) {
            Matches matches = Matches.of(core.registry().instances(dependency.component()), dependency.range());
            resolved.put(dependency.component(), matches.all().stream().map(Instance::version).distinct().toList());
        }
        return resolved;
    }

    private static List<MeshSnapshot.EventSubscription> subscriptions(MeshCore core) {
        List<MeshSnapshot.EventSubscription> all = new ArrayList<>();
        for (SubscriptionRecord record : core.subscriptions().all()) {
            Instance subscriber = record.subscriber();
            String who = subscriber instanceof EdgeSubscriber client ? client.origin().toString()
                    : subscriber.component() + "@" + subscriber.version();
            String session = subscriber instanceof EdgeSubscriber client ? client.origin().session() : null;
            all.add(new MeshSnapshot.EventSubscription(who, session, record.emitter(), record.pattern().toString(),
                    record.range().toString(), record.delivery().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return all;
    }
}
