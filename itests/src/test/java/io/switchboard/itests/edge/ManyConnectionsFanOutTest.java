package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Connections at scale, CI-sized (issue 13 item 5; bench/edge-conns.sh runs 10,000): 2,000
 * connections, each subscribed, on one runtime with the start script's default heap. One
 * publication reaches every one of them exactly once, with each its own subscription id, and the
 * runtime stays UP with every session open. Raw frames, as any client sends them.
 */
class ManyConnectionsFanOutTest {

    private static final int CONNECTIONS = 2_000;

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge")
            .withEtc("io.switchboard.data.memory.cfg", "switchboard.data.patterns = /many/**\n");

    @Test
    void onePublicationReachesEveryOneOfTwoThousandSubscribedConnections() {
        List<RawWebSocket> sockets = new ArrayList<>();
        List<String> subscriptions = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
                sockets.add(ws);
                ws.sendTexts(List.of("{\"id\":1,\"action\":\"handshake\"}",
                        "{\"id\":2,\"action\":\"on\",\"path\":\"/many/news\",\"options\":{\"eventType\":\"set\"}}"));
                assertTrue(WireClient.json(ws.readText()).has("result"), "handshake of connection " + i);
                JsonNode on = WireClient.json(ws.readText());
                subscriptions.add(on.path("result").path("subscription").asText());
                assertTrue(!subscriptions.get(i).isEmpty(), "subscription of connection " + i + ": " + on);
            }

            try (RawWebSocket writer = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1")) {
                writer.sendTexts(List.of("{\"id\":1,\"action\":\"handshake\"}",
                        "{\"id\":2,\"action\":\"set\",\"path\":\"/many/news\",\"data\":{\"headline\":\"all of you\"},\"options\":{\"noStore\":true}}"));
                writer.readText();
                assertTrue(WireClient.json(writer.readText()).has("result"), "the set is answered");
            }

            for (int i = 0; i < CONNECTIONS; i++) {
                JsonNode publication = WireClient.json(sockets.get(i).readText());
                assertEquals(subscriptions.get(i), publication.path("publication").asText(), "connection " + i + ": " + publication);
                assertEquals("all of you", publication.path("event").path("data").path("headline").asText());
            }
            // exactly once: the next frame on each is the answer to a ping, not a second publication
            for (RawWebSocket ws : sockets) {
                ws.sendText("{\"id\":3,\"action\":\"ping\"}");
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                assertEquals("pong", WireClient.json(sockets.get(i).readText()).path("result").asText(), "connection " + i);
            }
            var health = new Http(RUNTIME.port()).get("/health");
            assertEquals(200, health.statusCode(), health.body());
        } finally {
            sockets.forEach(RawWebSocket::close);
        }
    }
}
