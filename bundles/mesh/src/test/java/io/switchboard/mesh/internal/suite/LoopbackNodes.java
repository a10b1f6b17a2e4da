package io.switchboard.mesh.internal.suite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.semver4j.Semver;

import io.switchboard.api.mesh.Happn;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.exchange.ExchangeMethods;
import io.switchboard.mesh.internal.happn.DeclaredDependency;
import io.switchboard.mesh.internal.lifecycle.ComponentDeclaration;
import io.switchboard.mesh.internal.registry.Registered;
import io.switchboard.mesh.internal.version.Versions;

/**
 * Several mesh nodes in one JVM. Each node's local instances and subscriptions are mirrored into
 * the others as {@link RemoteStandIn}s, the way the cluster's replicated registry will, so every
 * route and delivery between nodes goes through the {@link Instance} abstraction.
 */
final class LoopbackNodes implements MeshFixture {

    static final io.switchboard.api.mesh.OriginPermissions PERMIT_ALL = (origin, action, path) -> true;

    private final List<MeshCore> nodes = new ArrayList<>();
    private final Map<String, RemoteStandIn> standIns = new HashMap<>();
    private final Set<String> mirroredSubscriptions = new HashSet<>();
    private boolean syncing;

    LoopbackNodes(int count, MeshSettings settings) {
        for (int i = 0; i < count; i++) {
            MeshSettings named = new MeshSettings("node-" + (i + 1), settings.callTimeoutMillis(), settings.drainTimeoutMillis(),
                    settings.ackTimeoutMillis(), settings.hopLimit(), settings.retryLimit(), 2, settings.rebindMillis());
            MeshCore core = new MeshCore(named);
            core.originPermissions(() -> PERMIT_ALL); // as the insecure development mode has it; tests that check refusals set their own
            nodes.add(core);
        }
        for (MeshCore core : nodes) {
            core.registry().onChange(this::sync);
            core.subscriptions().onChange(this::sync);
        }
    }

    @Override
    public MeshCore node(int index) {
        return nodes.get(index);
    }

    @Override
    public ComponentDeclaration start(int node, Class<?> type, String version) {
        ComponentDeclaration declaration = ComponentDeclaration.read(type, version, "test on node-" + (node + 1));
        nodes.get(node).launcher().offer(declaration);
        sync();
        return declaration;
    }

    @Override
    public Happn handle(int node, String name, String version, String... dependencies) {
        List<DeclaredDependency> declared = new ArrayList<>();
        for (String dependency : dependencies) {
            boolean optional = dependency.startsWith("?");
            declared.add(DeclaredDependency.parse(optional ? dependency.substring(1) : dependency, optional));
        }
        Semver semver = Versions.parse(version);
        ComponentDeclaration declaration = new ComponentDeclaration(name, version, semver, HandleHolder.class,
                ExchangeMethods.of(HandleHolder.class, new Class<?>[0]), List.of(), List.copyOf(declared), "test");
        HandleHolder.LAST.remove();
        nodes.get(node).launcher().offer(declaration);
        sync();
        Happn happn = HandleHolder.LAST.get();
        if (happn == null) {
            throw new IllegalStateException(name + "@" + version + " did not start: " + nodes.get(node).describe());
        }
        return happn;
    }

    @Override
    public void stop(int node, ComponentDeclaration declaration) {
        nodes.get(node).launcher().withdraw(declaration);
        sync();
    }

    /**
     * Gaps are part of what the cluster replicates with the registry: a caller on another node that
     * finds no instance waits for the one expected back, the same as a caller beside it.
     */
    @Override
    public void stopForUpdate(int node, ComponentDeclaration declaration, String owner) {
        MeshCore home = nodes.get(node);
        Instance leaving = home.launcher().instance(declaration);
        RemoteStandIn standIn = leaving == null ? null : standIns.get(leaving.id());
        List<MeshCore> others = nodes.stream().filter(core -> core != home).toList();
        if (standIn != null) {
            others.forEach(core -> core.rebinding().open(owner, standIn));
        }
        home.launcher().withdraw(declaration, owner);
        sync();
        others.forEach(core -> core.rebinding().arm(owner));
    }

    @Override
    public void returned(int node, String owner) {
        nodes.get(node).launcher().returned(owner);
        nodes.stream().filter(core -> core != nodes.get(node)).forEach(core -> core.rebinding().close(owner));
        sync();
    }

    /** Subscriptions are not in the registry: mirror them whenever asked. */
    @Override
    public synchronized void sync() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            mirrorInstances();
            mirrorSubscriptions();
        } finally {
            syncing = false;
        }
    }

    private void mirrorInstances() {
        Map<String, Instance> locals = new HashMap<>();
        for (MeshCore core : nodes) {
            for (String component : core.registry().components()) {
                for (Registered entry : core.registry().instances(component)) {
                    if (entry.instance().local()) {
                        locals.put(entry.instance().id(), entry.instance());
                    }
                }
            }
        }
        for (Map.Entry<String, RemoteStandIn> known : new ArrayList<>(standIns.entrySet())) {
            if (!locals.containsKey(known.getKey())) {
                standIns.remove(known.getKey());
                nodes.forEach(core -> core.remove(known.getValue()));
            }
        }
        for (Instance local : locals.values()) {
            if (!standIns.containsKey(local.id())) {
                RemoteStandIn standIn = new RemoteStandIn(local);
                standIns.put(local.id(), standIn);
                for (MeshCore core : nodes) {
                    if (!core.settings().node().equals(local.node())) {
                        core.add(standIn);
                    }
                }
            }
        }
    }

    private void mirrorSubscriptions() {
        for (MeshCore core : nodes) {
            for (SubscriptionRecord record : core.subscriptions().all()) {
                RemoteStandIn standIn = standIns.get(record.subscriber().id());
                if (record.subscriber().local() && standIn != null && mirroredSubscriptions.add(record.id())) {
                    for (MeshCore other : nodes) {
                        if (other != core) {
                            other.subscriptions().add(new SubscriptionRecord(record.id(), standIn, record.emitter(), record.range(),
                                    record.pattern(), record.delivery()));
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(MeshCore::close);
    }
}
