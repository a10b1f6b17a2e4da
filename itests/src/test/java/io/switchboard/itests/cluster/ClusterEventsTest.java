package io.switchboard.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

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
 * Events across three real runtimes on 127.0.0.1 (issue 12, item 4). node-1 runs probeEmitter
 * only; node-2 runs probeListener; node-3 runs both. probeListener subscribes to probeEmitter's
 * events with {@code all} (twice: two recipients on one node) and {@code any}; a client drives the
 * emitter over HTTP and reads what each listener handled, and each node's event traffic from
 * {@code GET /api/cluster/members} (payloads and recipients sent and received).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEventsTest {

    private static final Duration DELIVERED = Duration.ofSeconds(20);

    private ClusterNodes cluster;

    @BeforeAll
    void formCluster() throws Exception {
        cluster = new ClusterNodes("switchboard-cluster-events", 3);
        Path jars = cluster.work().resolve("jars");
        Path emitter = ProbeJar.emitter(jars);
        Path listener = ProbeJar.listener(jars);
        cluster.start(Map.of("node-1", List.of(emitter), "node-2", List.of(listener), "node-3", List.of(listener, emitter)));
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
    void eachNodeNamesItselfAndSeesTheListenersOfTheOthers() {
        Map<String, String> up = Map.of("node-1", "up", "node-2", "up", "node-3", "up");
        cluster.awaitStates("node-1", up, Duration.ofSeconds(60));
        Await.until("node-1 sees probeListener on node-2 and node-3", Duration.ofSeconds(30),
                () -> nodesOf("node-1", "probeListener").equals(Set.of("node-2", "node-3")));
        assertEquals(Set.of("node-1", "node-3"), nodesOf("node-1", "probeEmitter"),
                "the mesh names its own node by the launcher's node name, not 'local'");
        assertEquals(Set.of("node-2", "node-3"), nodesOf("node-3", "probeListener"));
        // the subscriptions travel with the registry: wait until node-1 routes events to both listeners
        Await.until("node-1's events reach both listeners", DELIVERED, () -> {
            forgetAll();
            List<Integer> acknowledged = emit("node-1", "all/ping", 0, 1, false);
            return acknowledged.equals(List.of(4)) ? acknowledged : null;
        });
    }

    @Test
    @Order(2)
    void allReachesEverySubscriberOnEveryNodeWithOnePayloadPerNode() {
        forgetAll();
        Map<String, Long> before1 = traffic("node-1");
        Map<String, Long> before2 = traffic("node-2");
        Map<String, Long> before3 = traffic("node-3");

        List<Integer> acknowledged = emit("node-1", "all/tick", 0, 50, false);

        assertEquals(Collections.nCopies(50, 4), acknowledged, "each event acknowledged by 2 subscriptions on each of 2 nodes");
        List<Integer> all = IntStream.range(0, 50).boxed().toList();
        for (String node : List.of("node-2", "node-3")) {
            JsonNode handled = handled(node);
            assertEquals(all, ints(handled.path("all")), node + " got every event once, in order");
            assertEquals(all, ints(handled.path("audit")), node + "'s second subscription too");
            assertEquals("user:admin 0", handled.path("all-origin").path(0).asText(), "the client that started the chain crosses the node");
        }
        Map<String, Long> sent = delta(before1, traffic("node-1"));
        assertEquals(100L, sent.get("payloadsSent"), "one payload per event and node: " + sent);
        assertEquals(200L, sent.get("recipientsSent"), "each naming its node's two recipients: " + sent);
        assertEquals(50L, delta(before2, traffic("node-2")).get("payloadsReceived"));
        assertEquals(100L, delta(before2, traffic("node-2")).get("recipientsReceived"));
        assertEquals(50L, delta(before3, traffic("node-3")).get("payloadsReceived"));
        assertEquals(0L, delta(before1, traffic("node-1")).get("payloadsReceived"));
    }

    @Test
    @Order(3)
    void anyGoesToExactlyOneInstanceOfTheGroupAcrossNodes() {
        forgetAll();
        List<Integer> acknowledged = emit("node-1", "any/job", 0, 40, false);

        assertEquals(Collections.nCopies(40, 1), acknowledged);
        List<Integer> two = ints(handled("node-2").path("any"));
        List<Integer> three = ints(handled("node-3").path("any"));
        List<Integer> together = new ArrayList<>(two);
        together.addAll(three);
        Collections.sort(together);
        assertEquals(IntStream.range(0, 40).boxed().toList(), together, "each event handled once in the group: " + two + " / " + three);
        assertTrue(!two.isEmpty() && !three.isEmpty(), "the group's turns cross nodes: " + two + " / " + three);
    }

    @Test
    @Order(4)
    void anAnyEventWhoseHandlerFailsIsRetriedOnAnotherNode() {
        forgetAll();
        List<Integer> acknowledged = emit("node-1", "flaky/job", 0, 20, false);

        assertEquals(Collections.nCopies(20, 1), acknowledged, "every event acknowledged in the end");
        assertEquals(IntStream.range(0, 20).boxed().toList(), new ArrayList<>(new TreeSet<>(ints(handled("node-3").path("flaky")))),
                "node-2 fails them all, so each moved on to node-3");
        assertEquals(List.of(), ints(handled("node-2").path("flaky")));
    }

    @Test
    @Order(5)
    void oneEmittersEventsReachASubscriberOnAnotherNodeInOrder() {
        forgetAll();
        List<Integer> acknowledged = emit("node-1", "order/n", 0, 500, false);

        assertEquals(Collections.nCopies(500, 2), acknowledged);
        List<Integer> expected = IntStream.range(0, 500).boxed().toList();
        assertEquals(expected, ints(handled("node-2").path("order")), "in the order emitted");
        assertEquals(expected, ints(handled("node-3").path("order")));
    }

    @Test
    @Order(6)
    void nothingGoesToANodeWithoutAMatchingSubscriptionNorAnywhereWithEmitLocal() {
        forgetAll();
        Map<String, Long> before1 = traffic("node-1");
        Map<String, Long> before2 = traffic("node-2");

        assertEquals(Collections.nCopies(10, 4), emit("node-3", "all/tick", 0, 10, false));
        assertEquals(Collections.nCopies(10, 0), emit("node-3", "nobody/listens", 0, 10, false));
        assertEquals(Collections.nCopies(10, 2), emit("node-3", "all/tick", 100, 10, true), "emitLocal: node-3's own two subscriptions");

        assertEquals(0L, delta(before1, traffic("node-1")).get("payloadsReceived"), "node-1 subscribes to nothing and is sent nothing");
        assertEquals(10L, delta(before2, traffic("node-2")).get("payloadsReceived"),
                "node-2 got the ten 'all' events, not the unmatched ones, not the local ones");
        assertEquals(IntStream.range(0, 10).boxed().toList(), ints(handled("node-2").path("all")));
        assertEquals(IntStream.concat(IntStream.range(0, 10), IntStream.range(100, 110)).boxed().toList(),
                ints(handled("node-3").path("all")));
    }

    @Test
    @Order(7)
    void aListenerThatStopsLeavesTheOtherNodesSubscriptions() throws Exception {
        Files.delete(cluster.node("node-2").home().resolve("deploy").resolve("probe-listener-1.0.0.jar"));
        Await.until("node-1 no longer lists a listener on node-2", Duration.ofSeconds(30),
                () -> nodesOf("node-1", "probeListener").equals(Set.of("node-3")));
        forgetAll();
        Map<String, Long> before2 = traffic("node-2");
        Await.until("node-1's events reach node-3's listener only", DELIVERED, () -> {
            List<Integer> acknowledged = emit("node-1", "all/late", 0, 1, false);
            return acknowledged.equals(List.of(2)) ? acknowledged : null;
        });
        assertEquals(Collections.nCopies(20, 1), emit("node-1", "any/after", 0, 20, false), "the group is node-3's instance alone now");
        assertEquals(IntStream.range(0, 20).boxed().toList(), ints(handled("node-3").path("any")));
        Map<String, Long> received = delta(before2, traffic("node-2"));
        assertTrue(received.get("payloadsReceived") <= 1, "at most one event raced the change: " + received);
    }

    @Test
    @Order(8)
    void anyEventsInFlightToANodeKilledWithSigkillGoToAnotherNodeAndNoneIsLost() throws Exception {
        Files.copy(ProbeJar.listener(cluster.work().resolve("jars")),
                cluster.node("node-2").home().resolve("deploy").resolve("probe-listener-1.0.0.jar"));
        Await.until("node-1's 'any' events reach node-2 again", Duration.ofSeconds(60), () -> {
            if (!nodesOf("node-2", "probeListener").contains("node-2")) {
                return null; // not started yet
            }
            forgetAll();
            emit("node-1", "any/warmup", 0, 10, false);
            return ints(handled("node-2").path("any")).isEmpty() ? null : true;
        });
        forgetAll();
        int batches = 40;
        int size = 50;
        java.util.concurrent.CompletableFuture<List<List<Integer>>> emitting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<List<Integer>> results = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                results.add(emit("node-1", "any/job", b * size, size, false));
            }
            return results;
        });
        Await.until("some events reached node-2", DELIVERED, () -> ints(handled("node-2").path("any")).size() > 100 ? true : null);
        cluster.kill("node-2");
        List<List<Integer>> results = emitting.get(120, java.util.concurrent.TimeUnit.SECONDS);

        List<Integer> acknowledged = new ArrayList<>();
        results.forEach(acknowledged::addAll);
        assertEquals(Collections.nCopies(batches * size, 1), acknowledged,
                "every 'any' event was acknowledged by one instance: none lost while node-2 died");
        Set<Integer> onThree = new TreeSet<>(ints(handled("node-3").path("any")));
        System.out.println("kill -9 during 'any' events: " + batches * size + " emitted, all acknowledged; node-3 handled "
                + ints(handled("node-3").path("any")).size() + " (" + onThree.size() + " distinct), the rest node-2 before it died");
    }

    private List<Integer> emit(String node, String name, int from, int count, boolean local) {
        MeshHttp.Answer answer = cluster.admin(node).call("probeEmitter", "emit", null, name, from, count, local);
        assertEquals(200, answer.status(), answer.body().toString());
        return ints(answer.body());
    }

    private JsonNode handled(String node) {
        MeshHttp.Answer answer = cluster.admin(node).call("probeListener", "handled", null);
        assertEquals(200, answer.status(), answer.body().toString());
        return answer.body();
    }

    private void forgetAll() {
        for (String node : List.of("node-2", "node-3")) {
            if (nodesOf(node, "probeListener").contains(node)) {
                assertEquals(200, cluster.admin(node).call("probeListener", "forget", null).status());
            }
        }
    }

    private Map<String, Long> traffic(String node) {
        MeshHttp.Answer answer = cluster.admin(node).get("/api/cluster/members");
        assertEquals(200, answer.status(), answer.body().toString());
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        answer.body().path("events").fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new java.util.LinkedHashMap<>();
        after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0L)));
        return delta;
    }

    private Set<String> nodesOf(String on, String component) {
        Set<String> nodes = new HashSet<>();
        cluster.admin(on).description().body().path("components").forEach(entry -> {
            if (entry.path("name").asText().equals(component)) {
                entry.path("nodes").forEach(node -> nodes.add(node.asText()));
            }
        });
        return nodes;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return values;
    }
}
