package io.switchboard.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.cluster.probe.ProbeJar;
import io.switchboard.itests.mesh.MeshHttp;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;

/**
 * Three real runtimes on 127.0.0.1 form one cluster, and calls cross it. One cluster serves the
 * whole class, in order: forming, routing by every route and by version, a late joiner, a node
 * killed with SIGKILL, a node hung with SIGSTOP and resumed with SIGCONT.
 *
 * <p>Clients reach only the node they are attached to, so the calls are made by the component
 * probeCaller (on node-1, which runs no probeTarget, and node-3), driven over HTTP; probeTarget
 * answers with the name of the node it runs on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCallsTest {

    private ClusterNodes cluster;
    private Path target;
    private Path target110;
    private Path caller;

    @BeforeAll
    void formCluster() throws Exception {
        cluster = new ClusterNodes("switchboard-cluster", 4);
        Path jars = cluster.work().resolve("jars");
        target = ProbeJar.target(jars, "1.0.0");
        target110 = ProbeJar.target(jars, "1.1.0");
        caller = ProbeJar.caller(jars);
        cluster.start(Map.of("node-1", List.of(caller), "node-2", List.of(target), "node-3", List.of(target, caller)));
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
    void threeNodesFormOneClusterAndEachListsTheOthersAndTheirComponents() {
        Map<String, String> up = Map.of("node-1", "up", "node-2", "up", "node-3", "up");
        for (String node : up.keySet()) {
            cluster.awaitStates(node, up, Duration.ofSeconds(60));
        }
        Map<String, JsonNode> members = cluster.members("node-1");
        assertEquals(cluster.node("node-2").address(), members.get("node-2").path("address").asText());
        assertEquals(List.of("probeTarget@1.0.0"), strings(members.get("node-2").path("components")));
        assertEquals(List.of("probeCaller@1.0.0", "probeTarget@1.0.0"), strings(members.get("node-3").path("components")));
        assertTrue(members.get("node-1").path("local").asBoolean());
        assertTrue(cluster.process("node-1").log().contains("  cluster  node node-1 on " + cluster.node("node-1").address()),
                "the banner names the node and the members it sees");
        Await.until("node-1 routes to probeTarget on node-2 and node-3", Duration.ofSeconds(30),
                () -> nodesOf("node-1", "probeTarget", "1.0.0").equals(Set.of("node-2", "node-3")));
    }

    @Test
    @Order(2)
    void callsCrossNodesByEveryRouteWithTheOriginAndTheCalleesNode() {
        assertEquals(Set.of("node-2", "node-3"), new HashSet<>(nodesAnswering("node-1", "preferLocal", null, 20)),
                "without a local instance, prefer-local spreads over the nodes that run it");
        assertEquals(Set.of("node-3"), new HashSet<>(nodesAnswering("node-3", "preferLocal", null, 10)), "a local instance is preferred");
        List<String> turns = nodesAnswering("node-3", "roundRobin", null, 10);
        assertEquals(5, turns.stream().filter("node-2"::equals).count(), "round robin takes every instance in turn: " + turns);
        for (String key : List.of("k1", "k2", "k3")) {
            assertEquals(1, new HashSet<>(nodesAnswering("node-1", "sticky", key, 6)).size(), "a sticky key stays on one node");
        }

        MeshHttp.Answer all = cluster.admin("node-1").call("probeCaller", "callAll", null, "node");
        assertEquals(200, all.status(), all.body().toString());
        Map<String, String> byInstance = new HashMap<>();
        all.body().forEach(outcome -> byInstance.put(outcome.path("instance").asText(), outcome.path("value").asText()));
        assertEquals(Map.of("node-2/probeTarget@1.0.0", "node-2", "node-3/probeTarget@1.0.0", "node-3"), byInstance,
                "'all' reaches every node, and each outcome names the instance and the node that answered");

        assertEquals("user:admin", cluster.call("node-1", "origin", List.of(), "preferLocal", null, null).body().asText(),
                "the caller's identity crosses the node");
        JsonNode echoed = cluster.call("node-1", "echo", List.of(Map.of("deviceId", "d1", "value", 1.5, "tags", List.of("a", "b"))),
                "preferLocal", null, null).body();
        assertEquals(1.5, echoed.path("value").asDouble());
        assertEquals("b", echoed.path("tags").path(1).asText());

        MeshHttp.Answer failed = cluster.call("node-1", "fail", List.of("probe.asked"), "sticky", "k1", null);
        assertEquals("probe.asked", failed.code(), "the callee's own code crosses the node");
        assertTrue(failed.body().path("error").path("message").asText().matches(".*asked to fail on node-[23] \\(error id e-[0-9a-f]+\\) \\(on node node-[23]\\).*"),
                failed.body().toString());
        assertEquals("mesh.method-not-found", cluster.call("node-1", "nothing", List.of(), "preferLocal", null, null).code());
    }

    @Test
    @Order(3)
    void twoVersionsOnDifferentNodesRouteByRange() throws Exception {
        Files.copy(target110, cluster.node("node-2").home().resolve("deploy").resolve(target110.getFileName()));
        Await.until("node-1 routes to probeTarget 1.1.0 on node-2", Duration.ofSeconds(30),
                () -> nodesOf("node-1", "probeTarget", "1.1.0").equals(Set.of("node-2")));
        assertEquals(Set.of("node-2"), new HashSet<>(nodesAnswering("node-1", "preferLocal", null, 10)), "the highest version wins");
        assertEquals(Set.of("node-2", "node-3"), new HashSet<>(nodesAnswering("node-1", "roundRobin", "~1.0.0", 10)),
                "a range picks the version on every node that runs it, node-2 running both");
        Files.delete(cluster.node("node-2").home().resolve("deploy").resolve(target110.getFileName()));
        Await.until("1.1.0 is gone from node-1's routing", Duration.ofSeconds(30),
                () -> nodesOf("node-1", "probeTarget", "1.1.0").isEmpty());
        assertEquals(Set.of("node-2", "node-3"), new HashSet<>(nodesAnswering("node-1", "preferLocal", null, 10)));
    }

    @Test
    @Order(4)
    void aLateJoinerHoldsTheWholeRegistryWhenReadyAndIsCalledAtOnce() {
        cluster.launch("node-4", List.of(target), Map.of());
        cluster.awaitReady("node-4");
        // no waiting here: a node is ready only once it has read the registry
        assertEquals(Set.of("node-2", "node-3", "node-4"), nodesOf("node-4", "probeTarget", "1.0.0"));
        assertEquals(Set.of("node-1", "node-3"), nodesOf("node-4", "probeCaller", "1.0.0"));
        Map<String, String> four = Map.of("node-1", "up", "node-2", "up", "node-3", "up", "node-4", "up");
        cluster.awaitStates("node-4", four, Duration.ofSeconds(5));
        Await.until("node-1 calls node-4", Duration.ofSeconds(10),
                () -> new HashSet<>(nodesAnswering("node-1", "roundRobin", null, 3)).contains("node-4"));
    }

    @Test
    @Order(5)
    void aKilledNodeLeavesRoutingAtOnceAndItsCallInFlightFailsWithNodeLeft() throws Exception {
        String key = keyBoundTo("node-4");
        CompletableFuture<MeshHttp.Answer> inFlight = CompletableFuture.supplyAsync(
                () -> cluster.call("node-1", "slow", List.of(20_000), "sticky", key, null));
        Await.until("the slow call runs on node-4", Duration.ofSeconds(10),
                () -> cluster.process("node-4").log().contains("slow call of 20000 ms started"));
        long killed = System.nanoTime();
        cluster.kill("node-4");
        MeshHttp.Answer answer = inFlight.get(10, TimeUnit.SECONDS);
        long failedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertEquals("cluster.node-left", answer.code(), answer.body().toString());
        assertTrue(failedAfter < 3_000, "the call in flight fails when the node dies, not at a timeout: " + failedAfter + " ms");

        cluster.awaitStates("node-1", Map.of("node-1", "up", "node-2", "up", "node-3", "up", "node-4", "left"), Duration.ofSeconds(5));
        long removedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.println("kill -9: call in flight failed after " + failedAfter + " ms, member removed after at most " + removedAfter + " ms");
        assertEquals(Set.of("node-2", "node-3"), nodesOf("node-1", "probeTarget", "1.0.0"));
        for (int i = 0; i < 20; i++) {
            MeshHttp.Answer call = cluster.call("node-1", "node", List.of(), "roundRobin", null, null);
            assertEquals(200, call.status(), "every call after the removal succeeds: " + call.body());
        }
        Set<String> moved = new HashSet<>(nodesAnswering("node-1", "sticky", key, 3));
        assertEquals(1, moved.size(), "the sticky key moved to one live node and stays there: " + moved);
        assertTrue(Set.of("node-2", "node-3").containsAll(moved), moved.toString());
    }

    @Test
    @Order(6)
    void aHungNodeIsRemovedWithinTheTimeoutAndComesBackWhenItResumes() {
        long stopped = System.nanoTime();
        cluster.signal("node-2", "STOP");
        try {
            cluster.awaitStates("node-1", Map.of("node-1", "up", "node-2", "left", "node-3", "up", "node-4", "left"),
                    Duration.ofSeconds(20));
            long removedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
            System.out.println("SIGSTOP: member removed after " + removedAfter + " ms");
            assertTrue(removedAfter < 10_000, "a hung node is removed within the hung-node timeout (5 s): " + removedAfter + " ms");
            for (int i = 0; i < 10; i++) {
                assertEquals("node-3", cluster.call("node-1", "node", List.of(), "roundRobin", null, null).body().asText(),
                        "calls go to the live node only");
            }
        } finally {
            cluster.signal("node-2", "CONT");
        }
        long resumed = System.nanoTime();
        Map<String, String> back = Map.of("node-1", "up", "node-2", "up", "node-3", "up", "node-4", "left");
        cluster.awaitStates("node-1", back, Duration.ofSeconds(60));
        cluster.awaitStates("node-2", Map.of("node-1", "up", "node-2", "up", "node-3", "up"), Duration.ofSeconds(60));
        Await.until("node-1 calls node-2 again", Duration.ofSeconds(30),
                () -> new HashSet<>(nodesAnswering("node-1", "roundRobin", null, 4)).equals(Set.of("node-2", "node-3")));
        System.out.println("SIGCONT: back in routing after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed) + " ms");
    }

    /** The nodes that answered {@code count} calls of probeTarget.node from a node's probeCaller, in order. */
    private List<String> nodesAnswering(String from, String route, String keyOrRange, int count) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean sticky = route.equals("sticky");
            MeshHttp.Answer answer = cluster.call(from, "node", List.of(), route, sticky ? keyOrRange : null, sticky ? null : keyOrRange);
            assertEquals(200, answer.status(), answer.body().toString());
            nodes.add(answer.body().asText());
        }
        return nodes;
    }

    /** A sticky key that node-1's probeCaller has bound to the given node. */
    private String keyBoundTo(String node) {
        for (int i = 0; i < 50; i++) {
            String key = "key-" + i;
            if (cluster.call("node-1", "node", List.of(), "sticky", key, null).body().asText().equals(node)) {
                return key;
            }
        }
        throw new AssertionError("no sticky key went to " + node);
    }

    /**
     * The nodes a node's description lists for a component version ("local" read as the node
     * itself, though the mesh now takes the launcher's node name).
     */
    private Set<String> nodesOf(String on, String component, String version) {
        Set<String> nodes = new TreeSet<>();
        cluster.admin(on).description().body().path("components").forEach(entry -> {
            if (entry.path("name").asText().equals(component) && entry.path("version").asText().equals(version)) {
                entry.path("nodes").forEach(node -> nodes.add(node.asText().equals("local") ? on : node.asText()));
            }
        });
        return nodes;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
