package io.switchboard.itests.cluster.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.Origin;
import io.switchboard.itests.support.Await;
import io.switchboard.mesh.suite.MeshFixture;
import io.switchboard.mesh.suite.MeshNode;

/**
 * The suites' fixture on a {@link ClusterBehaviourCluster}: a component is started by dropping its
 * bundle into the node's {@code deploy/} and stopped by deleting it, a handle is a generated
 * component reached over the node's edge, and "sync" awaits the nodes' {@code /api/mesh/description}
 * until they agree, never a sleep. Closing it deletes every bundle it deployed and waits until the
 * nodes run nothing, so the next test starts on an empty cluster.
 */
final class ClusterBehaviourFixture implements MeshFixture {

    private final ClusterBehaviourCluster cluster;
    private final List<Dropped> dropped = new ArrayList<>();

    /** A bundle this fixture dropped into a node's deploy/. */
    private record Dropped(int node, String name, String version, Path file) implements Deployed {
        @Override
        public boolean accepted() {
            return true;
        }
    }

    ClusterBehaviourFixture(ClusterBehaviourCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public MeshNode node(int index) {
        return new ClusterBehaviourNode(cluster.edge(index));
    }

    @Override
    public Deployed start(int node, Class<?> type, String version) {
        Path jar = cluster.jars().component(type, version);
        io.switchboard.api.mesh.MeshComponent declared = type.getAnnotation(io.switchboard.api.mesh.MeshComponent.class);
        String name = declared.name();
        String running = declared.version().isEmpty() ? version : declared.version();
        return drop(node, name, running, jar);
    }

    @Override
    public Happn handle(int node, String name, String version, String... dependencies) {
        Dropped handle = drop(node, name, version, cluster.jars().handle(name, version, List.of(dependencies)));
        String state = state(node, name, version);
        if (!"running".equals(state)) {
            throw new IllegalStateException(name + "@" + version + " is " + state + " on " + ClusterBehaviourCluster.name(node) + ": "
                    + cluster.edge(node).description());
        }
        return new ClusterBehaviourHappn(cluster.edge(handle.node()), name, version);
    }

    private Dropped drop(int node, String name, String version, Path jar) {
        try {
            Path deploy = cluster.deploy(node);
            Path staged = deploy.resolveSibling(jar.getFileName() + ".part");
            Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
            Path file = Files.move(staged, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            Dropped deployed = new Dropped(node, name, version, file);
            dropped.add(deployed);
            Await.until(name + "@" + version + " is known on " + ClusterBehaviourCluster.name(node), ClusterBehaviourCluster.SEEN,
                    () -> state(node, name, version));
            sync();
            return deployed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state of a component of this node in its description (running, waiting, failed), or null. */
    private String state(int node, String name, String version) {
        String here = ClusterBehaviourCluster.name(node);
        for (JsonNode component : cluster.edge(node).description().path("components")) {
            if (component.path("name").asText().equals(name) && component.path("version").asText().equals(version)) {
                String state = component.path("state").asText();
                boolean local = !state.equals("running");
                for (JsonNode on : component.path("nodes")) {
                    local |= on.asText().equals(here);
                }
                if (local) {
                    return state;
                }
            }
        }
        return null;
    }

    @Override
    public void stop(int node, Deployed component) {
        Dropped deployed = (Dropped) component;
        try {
            Files.deleteIfExists(deployed.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dropped.remove(deployed);
        Await.until(deployed.name() + "@" + deployed.version() + " left " + ClusterBehaviourCluster.name(node), ClusterBehaviourCluster.SEEN,
                () -> state(node, deployed.name(), deployed.version()) == null ? true : null);
        sync();
    }

    @Override
    public void stopForUpdate(int node, Deployed component, String owner) {
        throw new UnsupportedOperationException("an update in place is the lifecycle suite's; the cluster fixture drives the exchange suite");
    }

    @Override
    public void returned(int node, String owner) {
        throw new UnsupportedOperationException("an update in place is the lifecycle suite's; the cluster fixture drives the exchange suite");
    }

    @Override
    public void sync() {
        cluster.awaitAgreement();
    }

    @Override
    public <T> T inChain(Origin origin, int hops, Callable<T> work) {
        throw new UnsupportedOperationException("the test's code runs outside the runtimes: it cannot enter a chain there");
    }

    /**
     * What a test on real runtimes cannot do: share classes between caller and callee (each bundle
     * has its own), call as a client with a session id of its choosing, replace a node's security,
     * run its own code inside a chain, or get an invalid declaration thrown (a deployed bundle's is a
     * failed component, with the reason in the description).
     */
    @Override
    public boolean can(Ability ability) {
        return false;
    }

    @Override
    public void close() {
        for (Dropped deployed : List.copyOf(dropped)) {
            try {
                Files.deleteIfExists(deployed.file());
            } catch (IOException e) {
                throw new SwitchboardException("suite.cleanup", "could not delete " + deployed.file() + ": " + e);
            }
        }
        dropped.clear();
    }
}
