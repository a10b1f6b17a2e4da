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
import io.switchboard.itests.support.TempFolder;
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

    /** The mesh's defaults for the settings a suite may change (bundles/mesh/README.md, "Configuration"). */
    private static final Map<String, Long> DEFAULTS = Map.of("callTimeoutMillis", 30_000L, "drainTimeoutMillis", 10_000L,
            "ackTimeoutMillis", 30_000L, "hopLimit", 10L, "retryLimit", 3L, "rebindMillis", 5_000L);
    /** The mesh's log line when settings changed in place (MeshRuntime.modified). */
    private static final String SETTINGS_CHANGED = "mesh settings changed in place";

    private final ClusterNodes nodes;
    private final List<ClusterBehaviourHttp> edges = new ArrayList<>();
    private final ClusterBehaviourJars jars;
    private final ClusterBehaviourHandlers handlers = new ClusterBehaviourHandlers();
    /** The mesh settings every node runs with now. */
    private MeshConfig settings = MeshConfig.defaults();

    private ClusterBehaviourCluster(Path work) {
        this.nodes = new ClusterNodes(work, NODES);
        this.jars = new ClusterBehaviourJars(work.resolve("jars"));
    }

    /** Forms the cluster, with no component in any node's deploy/ (the operator's bundle only), and waits until every node sees the others up. */
    public static ClusterBehaviourCluster form(String suite) {
        ClusterBehaviourCluster cluster = new ClusterBehaviourCluster(TempFolder.create("switchboard-cluster-" + suite).path());
        try {
            Map<String, List<Path>> empty = new TreeMap<>();
            for (int i = 1; i <= NODES; i++) {
                empty.put(name(i - 1), List.of(cluster.jars.operator()));
            }
            cluster.nodes.start(empty);
            Map<String, String> up = new TreeMap<>();
            empty.keySet().forEach(node -> up.put(node, "up"));
            empty.keySet().forEach(node -> cluster.nodes.awaitStates(node, up, SEEN));
            for (int i = 0; i < NODES; i++) {
                cluster.edges.add(new ClusterBehaviourHttp(cluster.nodes.node(name(i)).httpPort(), "admin", ClusterNodes.ADMIN_PASSWORD));
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.nodes.close(); // nobody else gets the cluster to close: its nodes are killed and its folder goes
            throw e;
        }
    }

    static String name(int index) {
        return "node-" + (index + 1);
    }

    /** A fixture for one test, on an empty cluster whose every node runs with the settings asked for. */
    public MeshFixture fixture(MeshConfig config) {
        awaitNothingDeployed();
        apply(config);
        return new ClusterBehaviourFixture(this);
    }

    /**
     * Writes the settings into every node's {@code etc/io.switchboard.mesh.cfg} (what is not set
     * keeps its default) and waits until each node's log says they changed in place.
     */
    private void apply(MeshConfig config) {
        if (effective(config).equals(effective(settings))) {
            settings = config;
            return;
        }
        StringBuilder file = new StringBuilder("# written by the behaviour suite's cluster fixture\n");
        config.values().forEach((key, value) -> file.append(key).append(" = ").append(value).append('\n'));
        for (int node = 0; node < NODES; node++) {
            int before = lines(node, SETTINGS_CHANGED);
            Path etc = nodes.node(name(node)).home().resolve("etc");
            try {
                Path staged = etc.resolve("io.switchboard.mesh.cfg.part");
                Files.writeString(staged, file);
                Files.move(staged, etc.resolve("io.switchboard.mesh.cfg"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int index = node;
            Await.until(name(node) + " applied " + config, SEEN, () -> lines(index, SETTINGS_CHANGED) > before);
        }
        settings = config;
    }

    private static Map<String, Long> effective(MeshConfig config) {
        Map<String, Long> effective = new TreeMap<>(DEFAULTS);
        effective.putAll(config.values());
        return effective;
    }

    /** How many lines of a node's log contain a text. */
    int lines(int node, String text) {
        String log = nodes.process(name(node)).log();
        int count = 0;
        for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }

    /** The handlers' lines a node logged so far for handlers past the ack timeout. */
    long overdueLines(int node) {
        return lines(node, ClusterBehaviourNode.OVERDUE);
    }

    ClusterBehaviourHandlers handlers() {
        return handlers;
    }

    int httpPort(int node) {
        return nodes.node(name(node)).httpPort();
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

    /**
     * Waits until every node knows of every component event subscription: its own and those the
     * other nodes published (what an emitter's node routes by).
     */
    void awaitSubscriptionsKnown() {
        Await.until("every node knows every component's event subscriptions", SEEN, () -> {
            long own = 0;
            long[] known = new long[NODES];
            for (int node = 0; node < NODES; node++) {
                JsonNode counts = edge(node).operator("subscriptions");
                own += counts.path("own").asLong();
                known[node] = counts.path("known").asLong();
            }
            for (long each : known) {
                if (each != own) {
                    return null;
                }
            }
            return true;
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
        handlers.close();
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
