package io.switchboard.itests.bus;

import static io.switchboard.itests.support.ClientPromises.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.client.BusMessage;
import io.switchboard.client.BusOptions;
import io.switchboard.client.BusResult;
import io.switchboard.client.BusSubscription;
import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/** The batch forms of bus.publish, bus.ack and bus.nack over the WebSocket: raw frames, and through the Java client. */
class BusWebSocketBatchTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus")
            .withEtc("io.switchboard.bus.cfg", "maxBatchMessages = 10\n");

    private static ObjectNode publish(String topic, String... entries) {
        ObjectNode params = WireClient.object().put("topic", topic);
        params.set("messages", WireClient.json("[" + String.join(",", entries) + "]"));
        return params;
    }

    private static ObjectNode settle(List<String> ids, String group) {
        ObjectNode params = WireClient.object().put("group", group);
        ArrayNode array = params.putArray("messages");
        ids.forEach(array::add);
        return params;
    }

    @Test
    void theJavaClientPublishesAndAcksInBatches() throws Exception {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = "java-batch-" + Long.toHexString(System.nanoTime());
        admin.topic(topic, "{\"driver\": \"memory\", \"maxLength\": 3}");
        ClientOptions options = ClientOptions.to(URI.create("ws://127.0.0.1:" + RUNTIME.port() + "/api/ws")).withName("itest-bus-batch")
                .withRequestTimeout(Duration.ofSeconds(10)).withCredentials("admin", "itest-secret");
        try (SwitchboardClient client = await(SwitchboardClient.connect(options))) {
            List<JsonNode> payloads = List.of(BusApi.JSON.readTree("{\"i\": 1}"), BusApi.JSON.readTree("{\"i\": 2}"), BusApi.JSON.readTree("{\"i\": 3}"),
                    BusApi.JSON.readTree("{\"i\": 4}"));
            List<BusResult> published = await(client.busPublishAll(topic, payloads, BusOptions.defaults()));
            assertEquals(4, published.size());
            assertTrue(published.get(2).ok());
            assertEquals("bus.topic-full", published.get(3).errorCode(), "maxLength 3: " + published);

            BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
            BusSubscription subscription = await(client.busSubscribe(topic, "java", 10, received::add));
            List<BusMessage> messages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                BusMessage message = received.poll(10, TimeUnit.SECONDS);
                assertTrue(message != null, "message " + i + " arrived");
                messages.add(message);
            }
            messages.add(messages.get(0)); // twice in one batch: the second is refused alone
            List<BusResult> acked = await(client.busAckAll(messages));
            assertEquals(List.of(true, true, true, false), acked.stream().map(BusResult::ok).toList(), acked.toString());
            assertEquals("bus.already-acked", acked.get(3).errorCode());
            assertTrue(await(client.busUnsubscribe(subscription)));
        }
        assertEquals(0, admin.get("/api/bus/topics/" + topic).body().path("depth").asLong());
    }

    @Test
    void aBatchIsPublishedCheckedWholeAndAckedOrNackedPerId() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = "ws-batch-" + Long.toHexString(System.nanoTime());
        String other = topic + "-other";
        admin.topic(topic, "{\"driver\": \"file\", \"discipline\": \"priority\"}");
        admin.topic(other, "{\"driver\": \"memory\"}");
        try (WireClient wire = WireClient.connect(RUNTIME.port())) {
            wire.ok("login", WireClient.object().put("token", admin.token()));

            assertEquals("bus.invalid-priority", wire.error("bus.publish", publish(topic, "{\"payload\": 1}", "{\"payload\": 2, \"options\": {\"priority\": 10}}")));
            assertEquals("bus.empty-batch", wire.error("bus.publish", publish(topic)));
            String[] eleven = new String[11];
            java.util.Arrays.fill(eleven, "{\"payload\": 1}");
            assertEquals("bus.batch-too-large", wire.error("bus.publish", publish(topic, eleven)));
            assertEquals("bus.invalid-parameter", wire.error("bus.publish", publish(topic, "{\"payload\": 1, \"colour\": 2}")));
            ObjectNode both = publish(topic, "{\"payload\": 1}");
            both.put("payload", 1);
            assertEquals("bus.invalid-parameter", wire.error("bus.publish", both));
            assertEquals(0, admin.get("/api/bus/topics/" + topic).body().path("depth").asLong(), "nothing of a refused batch was stored");

            JsonNode published = wire.ok("bus.publish", publish(topic, "{\"payload\": {\"n\": 1}}", "{\"payload\": {\"n\": 2}, \"options\": {\"priority\": 9}}",
                    "{\"payload\": {\"n\": 3}}")).path("messages");
            assertEquals(3, published.size());
            assertEquals(topic + "~1", published.get(0).path("id").asText());
            JsonNode leased = wire.ok("bus.lease", WireClient.object().put("topic", topic).put("max", 2)).path("messages");
            assertEquals(2, leased.get(0).path("payload").path("n").asInt(), "priority 9 first");
            List<String> ids = new ArrayList<>();
            leased.forEach(message -> ids.add(message.path("id").asText()));

            String otherId = admin.publish(other, "1", java.util.Map.of());
            assertEquals("bus.invalid-parameter", wire.error("bus.ack", settle(List.of(ids.get(0), otherId), "default")), "one topic per batch");

            JsonNode nacked = wire.ok("bus.nack", settle(List.of(ids.get(1)), "default")).path("messages");
            assertTrue(nacked.get(0).path("nacked").asBoolean(), nacked.toString());
            JsonNode acked = wire.ok("bus.ack", settle(List.of(ids.get(0), ids.get(1), ids.get(0), topic + "~99"), "default")).path("messages");
            assertTrue(acked.get(0).path("acked").asBoolean(), acked.toString());
            assertEquals("bus.not-leased", acked.get(1).path("error").path("code").asText(), "nacked just before: " + acked);
            assertEquals("bus.already-acked", acked.get(2).path("error").path("code").asText());
            assertEquals("bus.unknown-message", acked.get(3).path("error").path("code").asText());
            assertEquals(2, admin.get("/api/bus/topics/" + topic).body().path("depth").asLong(), "one acked of three");
        }
    }
}
