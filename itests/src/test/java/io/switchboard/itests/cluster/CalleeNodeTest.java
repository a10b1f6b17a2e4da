package io.switchboard.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.itests.cluster.probe.ProbeJar;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 12, item 3: the callee's node in a call's answer. Over HTTP, {@code POST /api/exchange}
 * answers with the header {@code Switchboard-Node}: the node whose instance answered; over WebSocket,
 * the {@code call} answer's {@code meta.node}. node-1 brokers
 * every component and runs none; node-2 runs probeTarget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalleeNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClusterNodes cluster;

    @BeforeAll
    void formCluster() throws Exception {
        cluster = new ClusterNodes("switchboard-callee-node", 2);
        Path target = ProbeJar.target(cluster.work().resolve("jars"), "1.0.0");
        cluster.launch("node-1", List.of(), Map.of(), "--broker", "*");
        cluster.launch("node-2", List.of(target), Map.of());
        List.of("node-1", "node-2").forEach(cluster::awaitReady);
        Await.until("node-1 routes to probeTarget on node-2", Duration.ofSeconds(60),
                () -> NodeByNode.nodesOf(cluster, "node-1", "probeTarget", "1.0.0").contains("node-2"));
    }

    @AfterAll
    void stop() {
        try {
            assertEquals(Map.of(), cluster.stopAll(), "both nodes stop cleanly");
        } finally {
            cluster.close();
        }
    }

    @Test
    void aCallAnsweredByAnotherNodesInstanceNamesThatNodeInTheSwitchboardNodeHeader() throws Exception {
        HttpResponse<String> brokered = callNode("node-1");
        assertEquals(200, brokered.statusCode(), brokered.body());
        assertEquals("node-2", JSON.readTree(brokered.body()).asText(), "probeTarget on node-2 answered");
        assertEquals(Optional.of("node-2"), brokered.headers().firstValue("Switchboard-Node"), "the answer names the callee's node");

        HttpResponse<String> local = callNode("node-2");
        assertEquals(200, local.statusCode(), local.body());
        assertEquals(Optional.of("node-2"), local.headers().firstValue("Switchboard-Node"), "a call answered on the node itself names it too");
    }

    @Test
    void aWebSocketCallsAnswerNamesTheCalleesNodeInItsMeta() {
        JsonNode brokered = callOverWebSocket("node-1");
        assertEquals(true, brokered.path("ok").asBoolean(), brokered.toString());
        assertEquals("node-2", brokered.path("result").asText(), "probeTarget on node-2 answered");
        assertEquals("node-2", brokered.path("meta").path("node").asText(), "the answer names the callee's node: " + brokered);

        JsonNode local = callOverWebSocket("node-2");
        assertEquals("node-2", local.path("meta").path("node").asText(), "a call answered on the node itself names it too: " + local);
    }

    /** The whole answer frame to {@code call} probeTarget.node on a node, as its administrator, over a raw WebSocket. */
    private JsonNode callOverWebSocket(String on) {
        try (WireClient admin = WireClient.connect(cluster.node(on).httpPort())) {
            admin.ok("login", WireClient.object().put("username", "admin").put("password", ClusterNodes.ADMIN_PASSWORD));
            return admin.call("call", WireClient.object().put("component", "probeTarget").put("method", "node"));
        }
    }

    /** POST /api/exchange/probeTarget/node on a node, as its administrator, over raw HTTP to see the headers. */
    private HttpResponse<String> callNode(String on) throws Exception {
        String base = "http://127.0.0.1:" + cluster.node(on).httpPort();
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("username", "admin")
                        .put("password", ClusterNodes.ADMIN_PASSWORD).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode token = JSON.readTree(login.body()).path("token");
        return client.send(HttpRequest.newBuilder(URI.create(base + "/api/exchange/probeTarget/node"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token.asText())
                .POST(HttpRequest.BodyPublishers.ofString("[]")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
