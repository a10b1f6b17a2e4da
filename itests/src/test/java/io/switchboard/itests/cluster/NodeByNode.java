package io.switchboard.itests.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;

/** The steps of a rolling upgrade of probeTarget and probeListener (1.0.0 to 1.1.0), node by node. */
final class NodeByNode {

    private NodeByNode() {
    }

    /**
     * Drops 1.1.0 of both components into a node's deploy/, waits until every node of {@code seenFrom}
     * routes to them, then removes 1.0.0 and waits until they no longer route to it there.
     */
    static void replace(ClusterNodes cluster, Path jars, String node, List<String> seenFrom) {
        Path deploy = cluster.node(node).home().resolve("deploy");
        try {
            Files.copy(jars.resolve("probe-target-1.1.0.jar"), deploy.resolve("probe-target-1.1.0.jar"));
            Files.copy(jars.resolve("probe-listener-1.1.0.jar"), deploy.resolve("probe-listener-1.1.0.jar"));
            for (String from : seenFrom) {
                Await.until(from + " routes to 1.1.0 on " + node, Duration.ofSeconds(60),
                        () -> nodesOf(cluster, from, "probeTarget", "1.1.0").contains(node)
                                && nodesOf(cluster, from, "probeListener", "1.1.0").contains(node));
            }
            Files.delete(deploy.resolve("probe-target-1.0.0.jar"));
            Files.delete(deploy.resolve("probe-listener-1.0.0.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String from : seenFrom) {
            Await.until("1.0.0 left " + node + " as " + from + " sees it", Duration.ofSeconds(60),
                    () -> !nodesOf(cluster, from, "probeTarget", "1.0.0").contains(node)
                            && !nodesOf(cluster, from, "probeListener", "1.0.0").contains(node));
        }
    }

    /** The nodes a node's description lists for a component version. */
    static Set<String> nodesOf(ClusterNodes cluster, String from, String component, String version) {
        Set<String> nodes = new TreeSet<>();
        cluster.admin(from).description().body().path("components").forEach(entry -> {
            if (entry.path("name").asText().equals(component) && entry.path("version").asText().equals(version)) {
                entry.path("nodes").forEach(name -> nodes.add(name.asText()));
            }
        });
        return nodes;
    }
}
