package io.switchboard.itests.cluster;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.cluster.probe.ProbeJar;
import io.switchboard.itests.mesh.MeshHttp;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.WireClient;

/**
 * Clients at the edge (issue 12, item 8): node-1 runs no component and brokers every component
 * ({@code --broker '*'}), node-2 runs probeTarget, node-3 runs nothing and brokers nothing. A client
 * of node-1 calls probeTarget over WebSocket and HTTP as if it ran there, with node-1's permissions;
 * a client of node-3 sees the components of its own node only, as the seed says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerEdgeTest {

    private ClusterNodes cluster;

    @BeforeAll
    void formCluster() throws Exception {
        cluster = new ClusterNodes("switchboard-broker", 4); // node-4 only for starts that must be refused
        Path target = ProbeJar.target(cluster.work().resolve("jars"), "1.0.0");
        Path emitter = ProbeJar.emitter(cluster.work().resolve("jars"));
        cluster.launch("node-1", List.of(), Map.of(), "--broker", "*");
        cluster.launch("node-2", List.of(target, emitter), Map.of());
        cluster.launch("node-3", List.of(), Map.of());
        List.of("node-1", "node-2", "node-3").forEach(cluster::awaitReady);
        Await.until("node-1 and node-3 route to probeTarget on node-2", Duration.ofSeconds(60),
                () -> nodesOf("node-1").equals(List.of("node-2")) && nodesOf("node-3").equals(List.of("node-2")));
        try (WireClient admin = loggedIn("node-1", "admin", ClusterNodes.ADMIN_PASSWORD)) {
            ObjectNode vera = object().put("username", "vera").put("password", "vera-pass");
            vera.putArray("permissions").add(object().put("pattern", "/_exchange/probeTarget/node").set("actions",
                    WireClient.json("[\"call\"]")));
            vera.withArray("permissions").add(object().put("pattern", "/_exchange/probeTarget/origin").set("actions",
                    WireClient.json("[\"call\"]")));
            admin.ok("security.upsertUser", vera);
        }
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
    void anEdgeNodeServesTheBrokeredComponentsOfOtherNodesOverHttpAndWebSocket() {
        MeshHttp.Answer overHttp = cluster.admin("node-1").call("probeTarget", "node", null);
        assertEquals(200, overHttp.status(), overHttp.body().toString());
        assertEquals("node-2", overHttp.body().asText(), "node-1 runs no probeTarget: node-2's served the call");
        assertEquals("user:admin", cluster.admin("node-1").call("probeTarget", "origin", null).body().asText(),
                "the client's identity reaches the callee on the other node");
        try (WireClient admin = loggedIn("node-1", "admin", ClusterNodes.ADMIN_PASSWORD)) {
            assertEquals("node-2", admin.ok("call", call("node")).asText());
            assertEquals("probe.asked", admin.error("call", call("fail", "probe.asked")), "the callee's own code reaches the client");
        }
    }

    @Test
    void withoutBrokeringAClientSeesOnlyTheComponentsOfItsOwnNode() {
        MeshHttp.Answer overHttp = cluster.admin("node-3").call("probeTarget", "node", null);
        assertEquals("mesh.no-matching-version", overHttp.code(), overHttp.body().toString());
        try (WireClient admin = loggedIn("node-3", "admin", ClusterNodes.ADMIN_PASSWORD)) {
            assertEquals("mesh.no-matching-version", admin.error("call", call("node")));
        }
    }

    @Test
    void anEdgeNodesClientsHearTheEventsOfBrokeredComponentsEmittedOnOtherNodes() {
        try (WireClient edge = loggedIn("node-1", "admin", ClusterNodes.ADMIN_PASSWORD);
                WireClient plain = loggedIn("node-3", "admin", ClusterNodes.ADMIN_PASSWORD)) {
            String subscription = edge.ok("event.on", object().put("component", "probeEmitter").put("event", "news/*"))
                    .get("subscription").asText();
            plain.ok("event.on", object().put("component", "probeEmitter").put("event", "news/*"));
            // node-1 publishes one subscription for its clients; once node-2 has it, node-2's events reach node-1
            Await.until("node-2 sends probeEmitter's events to node-1", Duration.ofSeconds(30), () -> emit(0).equals("[1]"));
            JsonNode first = edge.publication();
            assertEquals(subscription, first.path("publication").asText());
            assertEquals(0, first.path("event").path("data").path("seq").asInt());
            while (edge.publicationWithin(200)) {
                edge.publication(); // the tries before node-2 had the subscription were heard by nobody
            }
            assertEquals("[1]", emit(7), "one recipient on node-1, however many clients: its subscription for them");
            assertEquals(7, edge.publication().path("event").path("data").path("seq").asInt());
            assertFalse(edge.publicationWithin(300), "once");
            assertFalse(plain.publicationWithin(300), "a client of a node that brokers nothing hears its own node's events only");
        }
        try (WireClient vera = loggedIn("node-1", "vera", "vera-pass")) {
            assertEquals("security.forbidden", vera.error("event.on", object().put("component", "probeEmitter").put("event", "news/*")),
                    "the edge node's permissions apply");
        }
    }

    /** One event {@code news/x} with {@code {"seq": seq}}, emitted by probeEmitter on node-2 through a brokered call; its acknowledgements. */
    private String emit(int seq) {
        MeshHttp.Answer answer = cluster.admin("node-1").call("probeEmitter", "emit", null, "news/x", seq, 1, false);
        assertEquals(200, answer.status(), answer.body().toString());
        return answer.body().toString();
    }

    @Test
    void brokeredCallsNeedTheSamePermissionsAsLocalOnes() {
        try (WireClient vera = loggedIn("node-1", "vera", "vera-pass")) {
            assertEquals("node-2", vera.ok("call", call("node")).asText(), "granted");
            assertTrue(vera.ok("call", call("origin")).asText().startsWith("user:vera"), "the callee sees the edge node's user");
            assertEquals("security.forbidden", vera.error("call", call("echo", "x")), "not granted on the edge node");
        }
        MeshHttp vera = MeshHttp.loggedIn(cluster.node("node-1").httpPort(), "vera", "vera-pass");
        assertEquals(403, vera.call("probeTarget", "echo", null, "x").status());
        assertEquals(200, vera.call("probeTarget", "node", null).status());
        assertEquals(401, new MeshHttp(cluster.node("node-1").httpPort()).call("probeTarget", "node", null).status(),
                "an anonymous client is refused before anything crosses");
    }

    @Test
    void theDescriptionListsEachComponentsNodesAndTheMembersTheirStateAndComponents() {
        assertEquals(List.of("node-2"), nodesOf("node-1"));
        Map<String, JsonNode> members = cluster.members("node-1");
        assertEquals(java.util.Set.of("node-1", "node-2", "node-3"), members.keySet(), "live members, oldest first (they started at once)");
        for (String name : members.keySet()) {
            JsonNode member = members.get(name);
            assertEquals("up", member.path("state").asText(), member.toString());
            assertEquals(cluster.node(name).address(), member.path("address").asText());
            long since = member.path("since").asLong();
            assertTrue(since > System.currentTimeMillis() - 600_000 && since <= System.currentTimeMillis() + 5_000, member.toString());
        }
        assertEquals(List.of(), strings(members.get("node-1").path("components")), "the edge node runs nothing itself");
        assertEquals(List.of("probeEmitter@1.0.0", "probeTarget@1.0.0"), strings(members.get("node-2").path("components")));
        assertEquals(403, MeshHttp.loggedIn(cluster.node("node-1").httpPort(), "vera", "vera-pass").get("/api/cluster/members").status(),
                "the member list is for administrators");
    }

    @Test
    void aMalformedBrokerListIsAUsageErrorThatDisturbsNoMember() {
        RuntimeProcess fromEnvironment = cluster.launch("node-4", List.of(), Map.of("SWITCHBOARD_BROKER", "device manager"));
        assertEquals(2, fromEnvironment.awaitExit(Duration.ofSeconds(60)), fromEnvironment.log());
        assertTrue(fromEnvironment.log().contains("'device manager' in --broker (SWITCHBOARD_BROKER) is not a component name"),
                fromEnvironment.log());
        RuntimeProcess fromFlag = cluster.launch("node-4", List.of(), Map.of(), "--broker", "*,probeTarget");
        assertEquals(2, fromFlag.awaitExit(Duration.ofSeconds(60)), fromFlag.log());
        assertTrue(fromFlag.log().contains("is '*' or a list of component names"), fromFlag.log());
        assertEquals("node-2", cluster.admin("node-1").call("probeTarget", "node", null).body().asText(), "the cluster carries on");
    }

    private WireClient loggedIn(String node, String username, String password) {
        WireClient client = WireClient.connect(cluster.node(node).httpPort());
        client.ok("login", object().put("username", username).put("password", password));
        return client;
    }

    private static ObjectNode call(String method, String... args) {
        ObjectNode request = object().put("component", "probeTarget").put("method", method);
        var array = request.putArray("args");
        for (String arg : args) {
            array.add(arg);
        }
        return request;
    }

    /** The nodes a node's description lists for probeTarget 1.0.0. */
    private List<String> nodesOf(String on) {
        List<String> nodes = new ArrayList<>();
        cluster.admin(on).description().body().path("components").forEach(entry -> {
            if (entry.path("name").asText().equals("probeTarget") && entry.path("version").asText().equals("1.0.0")) {
                entry.path("nodes").forEach(node -> nodes.add(node.asText()));
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
