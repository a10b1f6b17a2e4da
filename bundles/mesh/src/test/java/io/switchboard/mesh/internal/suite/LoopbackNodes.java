package io.switchboard.mesh.internal.suite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.semver4j.Semver;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.ExpectedBack;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.exchange.ExchangeMethods;
import io.switchboard.mesh.internal.happn.DeclaredDependency;
import io.switchboard.mesh.internal.lifecycle.ComponentDeclaration;
import io.switchboard.mesh.internal.registry.Registered;
import io.switchboard.mesh.internal.version.Versions;
import io.switchboard.mesh.internal.work.CallContext;
import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;
import io.switchboard.mesh.suite.MeshNode;

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
    private final Map<String, Subscription> waits = new HashMap<>();
    /** How the mesh names a held group's stand-in subscription (the held subscription's id and this). */
    private static final String HELD = "/held";
    private boolean syncing;

    /** A component offered to one of these nodes. */
    private record Offered(ComponentDeclaration declaration, boolean accepted) implements Deployed {
        @Override
        public String name() {
            return declaration.name();
        }

        @Override
        public String version() {
            return declaration.version();
        }
    }

    LoopbackNodes(int count, MeshConfig config) {
        this(count, settings(config));
    }

    /** The suite's settings as the mesh's own, the rest at their defaults (with events on 2 threads per node). */
    static MeshSettings settings(MeshConfig config) {
        MeshSettings defaults = MeshSettings.defaults();
        java.util.function.BiFunction<String, Long, Long> value = (key, otherwise) -> config.values().getOrDefault(key, otherwise);
        return new MeshSettings(defaults.node(), value.apply("callTimeoutMillis", defaults.callTimeoutMillis()),
                value.apply("drainTimeoutMillis", defaults.drainTimeoutMillis()), value.apply("ackTimeoutMillis", defaults.ackTimeoutMillis()),
                value.apply("hopLimit", (long) defaults.hopLimit()).intValue(), value.apply("retryLimit", (long) defaults.retryLimit()).intValue(),
                2, value.apply("rebindMillis", defaults.rebindMillis()));
    }

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
            core.rebinding().onClose(owner -> sync()); // a gap that expired is no longer expected back elsewhere
        }
    }

    /** The mesh itself, for tests of this JVM's mesh that go past the suites' SPI (settings applied in place). */
    MeshCore core(int index) {
        return nodes.get(index);
    }

    @Override
    public MeshNode node(int index) {
        return new CoreNode(nodes.get(index));
    }

    @Override
    public Deployed start(int node, Class<?> type, String version) {
        ComponentDeclaration declaration = ComponentDeclaration.read(type, version, "test on node-" + (node + 1));
        boolean accepted = nodes.get(node).launcher().offer(declaration);
        sync();
        return new Offered(declaration, accepted);
    }

    @Override
    public <T> T inChain(Origin origin, int hops, java.util.concurrent.Callable<T> work) throws Exception {
        CallContext previous = CallContext.enter(new CallContext(origin, hops));
        try {
            return work.call();
        } finally {
            CallContext.restore(previous);
        }
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
    public void stop(int node, Deployed component) {
        nodes.get(node).launcher().withdraw(((Offered) component).declaration());
        sync();
    }

    /**
     * Gaps are part of what the cluster replicates with the registry: each node's
     * {@link MeshCore#expectedBack()} is waited for on the others ({@link #mirrorExpectedBack}), so a
     * caller on another node that finds no instance waits for the one expected back, the same as a
     * caller beside it.
     */
    @Override
    public void stopForUpdate(int node, Deployed component, String owner) {
        nodes.get(node).launcher().withdraw(((Offered) component).declaration(), owner);
        sync();
    }

    @Override
    public void returned(int node, String owner) {
        nodes.get(node).launcher().returned(owner);
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
            Set<String> expected = mirrorExpectedBack();
            mirrorInstances();
            mirrorSubscriptions();
            for (String key : List.copyOf(waits.keySet())) {
                if (!expected.contains(key)) {
                    waits.remove(key).close();
                }
            }
        } finally {
            syncing = false;
        }
    }

    /**
     * As the cluster does (its ClusterState): the instances each node expects back are waited for on
     * the other nodes before their stand-ins leave, and no longer once the instances that came back
     * are mirrored. @return the waits that hold now, by waiting node, home node and label
     */
    private Set<String> mirrorExpectedBack() {
        Set<String> expected = new HashSet<>();
        for (MeshCore home : nodes) {
            for (ExpectedBack back : home.expectedBack()) {
                for (MeshCore other : nodes) {
                    if (other != home) {
                        String key = other.settings().node() + " " + home.settings().node() + " " + back.label();
                        expected.add(key);
                        waits.computeIfAbsent(key, k -> other.expectBack(home.settings().node(), back));
                    }
                }
            }
        }
        return expected;
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
        Set<String> holding = new HashSet<>();
        for (MeshCore core : nodes) {
            for (SubscriptionRecord record : core.subscriptions().all()) {
                RemoteStandIn standIn = standIns.get(record.subscriber().id());
                if (standIn == null && record.subscriber().local() && record.id().endsWith(HELD)) {
                    // a group's stand-in while its last instance is updated in place: published, as the cluster does, but not routed to
                    holding.add(record.id());
                    standIn = new RemoteStandIn(record.subscriber());
                }
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
        for (String id : List.copyOf(mirroredSubscriptions)) {
            if (id.endsWith(HELD) && !holding.contains(id)) {
                mirroredSubscriptions.remove(id);
                nodes.forEach(core -> core.subscriptions().remove(id));
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(MeshCore::close);
    }
}
