package io.switchboard.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;


import io.switchboard.itests.cluster.probe.ProbeJar;
import io.switchboard.itests.mesh.MeshHttp;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;

/**
 * A rolling upgrade across nodes under load (issue 12, item 7), then a graceful stop under load:
 * node-1 runs the callers (probeCaller, probeEmitter), node-2 and node-3 run probeTarget and
 * probeListener 1.0.0. While clients of node-1 keep calling probeTarget and emitting {@code any}
 * events that probeListener handles, 1.1.0 of both replaces 1.0.0 node by node (the new bundles
 * dropped into deploy/, then the old ones removed). No call may fail and no {@code any} event may
 * be lost; the figures are printed. Then node-3 is stopped with SIGTERM under the same load, with a
 * slow call running on it: it shows as draining, the slow call finishes, and nothing fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingUpgradeAcrossNodesTest {

    private ClusterNodes cluster;
    private Path jars;
    private final Map<String, String> logsOfStopped = new HashMap<>();

    @BeforeAll
    void formCluster() throws Exception {
        cluster = new ClusterNodes("switchboard-upgrade", 3);
        jars = cluster.work().resolve("jars");
        List<Path> old = List.of(ProbeJar.target(jars, "1.0.0"), ProbeJar.listener(jars, "1.0.0"));
        ProbeJar.target(jars, "1.1.0");
        ProbeJar.listener(jars, "1.1.0");
        cluster.start(Map.of("node-1", List.of(ProbeJar.caller(jars), ProbeJar.emitter(jars)), "node-2", old, "node-3", old));
        Await.until("node-1 routes to probeTarget and probeListener 1.0.0 on node-2 and node-3", Duration.ofSeconds(60),
                () -> nodesOf("probeTarget", "1.0.0").equals(Set.of("node-2", "node-3"))
                        && nodesOf("probeListener", "1.0.0").equals(Set.of("node-2", "node-3")));
    }

    @AfterAll
    void stop() {
        try {
            Map<String, String> failed = cluster.stopAll();
            assertTrue(failed.isEmpty(), "every node stops cleanly on SIGTERM: " + failed);
        } finally {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void deviceComponentsAreUpgradedNodeByNodeUnderLoadWithNoFailedCallAndNoLostEvent() throws Exception {
        long started = System.nanoTime();
        try (ProbeLoad latest = ProbeLoad.calls(cluster, "node-1", null); ProbeLoad pinned = ProbeLoad.calls(cluster, "node-1", "~1.0.0");
                ProbeLoad events = ProbeLoad.events(cluster, "node-1", 0)) {
            Await.until("load runs", Duration.ofSeconds(30), () -> latest.calls() > 0 && pinned.calls() > 0 && events.emitted() > 0);

            replace("node-2");
            assertEquals(Set.of("node-2"), nodesAnswering("preferLocal", null), "1.1.0 on node-2 is the highest: prefer-local takes it");
            assertEquals(Set.of("node-3"), nodesAnswering("roundRobin", "~1.0.0"),
                    "two versions on two nodes route by range: 1.0.0 is on node-3 only");
            assertEquals(Set.of("node-2", "node-3"), nodesAnswering("roundRobin", null), "round robin takes every matching instance");
            pinned.close(); // the last 1.0.0 goes next: nothing pinned to it may call it then

            replace("node-3");
            assertEquals(Set.of("node-2", "node-3"), nodesAnswering("preferLocal", "^1.1.0"), "1.1.0 on both nodes");
            Await.until("load runs on 1.1.0 everywhere", Duration.ofSeconds(30), () -> latest.calls() > 0);
            latest.close();
            events.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            Map<Integer, Integer> handled = ProbeLoad.handled(List.of(cluster.process("node-2").log(), cluster.process("node-3").log()));
            List<Integer> emitted = IntStream.range(0, (int) events.emitted()).boxed().toList();
            List<Integer> lost = ProbeLoad.lost(emitted, handled);
            int duplicates = ProbeLoad.duplicates(emitted, handled);
            System.out.printf("rolling upgrade across nodes in %d ms: %d calls (%d pinned to ~1.0.0), %d failed; %d any events emitted,"
                    + " %d not acknowledged, %d lost, %d handled twice%n", millis, latest.calls() + pinned.calls(), pinned.calls(),
                    latest.failed() + pinned.failed(), events.emitted(), events.failed(), lost.size(), duplicates);
            assertEquals(List.of(), latest.errors(), "no call fails during the upgrade");
            assertEquals(List.of(), pinned.errors(), "no call pinned to 1.0.0 fails while a 1.0.0 is left");
            assertEquals(List.of(), events.errors(), "every any event is acknowledged");
            assertEquals(List.of(), lost, "every any event was handled");
        }
    }

    @Test
    @Order(2)
    void aNodeStoppedWithSigtermDrainsUnderLoadWithNoFailedCall() throws Exception {
        String key = keyBoundTo("node-3");
        try (ProbeLoad calls = ProbeLoad.calls(cluster, "node-1", null);
                ProbeLoad events = ProbeLoad.events(cluster, "node-1", 1_000_000)) {
            Await.until("load runs", Duration.ofSeconds(30), () -> calls.calls() > 0 && events.emitted() > 0);
            CompletableFuture<MeshHttp.Answer> slow = CompletableFuture.supplyAsync(
                    () -> cluster.call("node-1", "slow", List.of(3_000), "sticky", key, null));
            Await.until("the slow call runs on node-3", Duration.ofSeconds(10),
                    () -> cluster.process("node-3").log().contains("slow call of 3000 ms started"));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cluster.process("node-3").stop());
            Await.until("node-1 sees node-3 draining", Duration.ofSeconds(3),
                    () -> cluster.members("node-1").get("node-3").path("state").asText().equals("draining"));
            assertFalse(slow.isDone(), "node-3 drains as soon as it is asked to stop, while its components still run");

            MeshHttp.Answer answer = slow.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.status(), "the call in flight on the draining node finishes: " + answer.body());
            assertEquals("node-3", answer.body().asText());
            assertEquals(0, exit.get(60, TimeUnit.SECONDS), "node-3 stops cleanly");
            logsOfStopped.put("node-3", cluster.process("node-3").log());
            assertTrue(logsOfStopped.get("node-3").contains("node node-3 drains"), "the drain is logged");
            cluster.awaitStates("node-1", Map.of("node-1", "up", "node-2", "up", "node-3", "left"), Duration.ofSeconds(10));
            Await.until("more load after node-3 left", Duration.ofSeconds(30), () -> calls.calls() > 0 && events.emitted() > 0);
            calls.close();
            events.close();
            System.out.printf("SIGTERM of node-3 under load: %d calls, %d failed; %d any events, %d not acknowledged%n", calls.calls(),
                    calls.failed(), events.emitted(), events.failed());
            assertEquals(List.of(), calls.errors(), "no call fails while node-3 drains and leaves");
            assertEquals(List.of(), events.errors(), "every any event is acknowledged while node-3 drains and leaves");
        }
    }

    private void replace(String node) {
        NodeByNode.replace(cluster, jars, node, List.of("node-1"));
    }

    private Set<String> nodesAnswering(String route, String range) {
        Set<String> nodes = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            MeshHttp.Answer answer = cluster.call("node-1", "node", List.of(), route, null, range);
            assertEquals(200, answer.status(), answer.body().toString());
            nodes.add(answer.body().asText());
        }
        return nodes;
    }

    private String keyBoundTo(String node) {
        for (int i = 0; i < 50; i++) {
            String key = "key-" + i;
            if (cluster.call("node-1", "node", List.of(), "sticky", key, null).body().asText().equals(node)) {
                return key;
            }
        }
        throw new AssertionError("no sticky key went to " + node);
    }

    private Set<String> nodesOf(String component, String version) {
        return NodeByNode.nodesOf(cluster, "node-1", component, version);
    }
}
