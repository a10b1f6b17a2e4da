package io.switchboard.itests.cluster.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.mesh.suite.MeshConfig;
import io.switchboard.mesh.suite.MeshFixture;

/**
 * Three real runtime processes on 127.0.0.1 in one cluster, formed once for a whole suite class
 * (each test's fixture deploys into it and takes everything away again), with an administrator's
 * edge on each node and the bundles the suites deploy.
 */
public final class ClusterBehaviourCluster implements AutoCloseable {

    static final int NODES = 3;
    /** Deploys are scanned every second, then replicated: generous on a loaded machine. */
    static final Duration SEEN = Duration.ofSeconds(60);

    private final ClusterNodes nodes;
    private final List<ClusterBehaviourHttp> edges = new ArrayList<>();
    private final ClusterBehaviourJars jars;

    private ClusterBehaviourCluster(Path work) {
        this.nodes = new ClusterNodes(work, NODES);
        this.jars = new ClusterBehaviourJars(work.resolve("jars"));
    }

    /** Forms the cluster, with nothing in any node's deploy/, and waits until every node sees the others up. */
    public static ClusterBehaviourCluster form(String suite) {
        try {
            ClusterBehaviourCluster cluster = new ClusterBehaviourCluster(Files.createTempDirectory("switchboard-cluster-" + suite));
            Map<String, List<Path>> empty = new TreeMap<>();
            for (int i = 1; i <= NODES; i++) {
                empty.put(name(i - 1), List.of());
            }
            cluster.nodes.start(empty);
            Map<String, String> up = new TreeMap<>();
            empty.keySet().forEach(node -> up.put(node, "up"));
            empty.keySet().forEach(node -> cluster.nodes.awaitStates(node, up, SEEN));
            for (int i = 0; i < NODES; i++) {
                cluster.edges.add(new ClusterBehaviourHttp(cluster.nodes.node(name(i)).httpPort(), "admin", ClusterNodes.ADMIN_PASSWORD));
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(int index) {
        return "node-" + (index + 1);
    }

    /** A fixture for one test; settings other than the defaults are not applied (the exchange suite asks for none). */
    public MeshFixture fixture(MeshConfig config) {
        if (!config.values().isEmpty()) {
            throw new UnsupportedOperationException("the cluster fixture runs on the runtimes' default mesh settings: " + config);
        }
        awaitNothingDeployed();
        return new ClusterBehaviourFixture(this);
    }

    ClusterBehaviourHttp edge(int node) {
        return edges.get(node);
    }

    ClusterBehaviourJars jars() {
        return jars;
    }

    Path deploy(int node) {
        return nodes.node(name(node)).home().resolve("deploy");
    }

    /** Every node's view of the running components: {@code name@version} to the nodes it runs on. */
    Map<String, TreeSet<String>> running(int node) {
        Map<String, TreeSet<String>> running = new TreeMap<>();
        for (JsonNode component : edge(node).description().path("components")) {
            if (component.path("state").asText().equals("running")) {
                TreeSet<String> on = running.computeIfAbsent(component.path("name").asText() + "@" + component.path("version").asText(),
                        k -> new TreeSet<>());
                component.path("nodes").forEach(n -> on.add(n.asText()));
            }
        }
        return running;
    }

    /** Waits until every node sees the same running instances. */
    void awaitAgreement() {
        Await.until("every node sees the same instances", SEEN, () -> {
            Map<String, TreeSet<String>> first = running(0);
            for (int node = 1; node < NODES; node++) {
                if (!running(node).equals(first)) {
                    return null;
                }
            }
            return first;
        });
    }

    private void awaitNothingDeployed() {
        Await.until("the previous test's components are gone from every node", SEEN, () -> {
            for (int node = 0; node < NODES; node++) {
                if (edge(node).description().path("components").size() > 0) {
                    return null;
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        try {
            Map<String, String> failed = nodes.stopAll();
            if (!failed.isEmpty()) {
                throw new AssertionError("every node stops cleanly on SIGTERM: " + failed);
            }
        } finally {
            nodes.close();
        }
    }
}
