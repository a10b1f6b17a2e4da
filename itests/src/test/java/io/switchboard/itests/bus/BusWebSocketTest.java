package io.switchboard.itests.bus;

import static io.switchboard.itests.support.ClientPromises.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.client.BusMessage;
import io.switchboard.client.BusOptions;
import io.switchboard.client.BusSubscription;
import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/** The bus's WebSocket actions, as raw frames and through the Java client, beside HTTP producers. */
class BusWebSocketTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static WireClient loggedIn(String token) {
        WireClient wire = WireClient.connect(RUNTIME.port());
        wire.ok("login", WireClient.object().put("token", token));
        return wire;
    }

    @Test
    void rawFramesPublishLeaseAckAndSubscribeWithAcks() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = unique("ws");
        admin.topic(topic, "{\"discipline\": \"priority\"}");
        try (WireClient wire = loggedIn(admin.token())) {
            ObjectNode publish = WireClient.object().put("topic", topic);
            publish.set("payload", WireClient.json("{\"n\": 1}"));
            publish.putObject("options").put("priority", 9).put("key", "k");
            String id = wire.ok("bus.publish", publish).path("id").asText();
            JsonNode leased = wire.ok("bus.lease", WireClient.object().put("topic", topic).put("max", 5)).path("messages");
            assertEquals(1, leased.size());
            assertEquals(id, leased.get(0).path("id").asText());
            assertEquals(9, leased.get(0).path("priority").asInt());
            assertEquals("k", leased.get(0).path("key").asText());
            assertTrue(wire.ok("bus.ack", WireClient.object().put("message", id)).asBoolean());
            assertEquals("bus.already-acked", wire.error("bus.ack", WireClient.object().put("message", id)));
            assertEquals("protocol.missing-field", wire.error("bus.publish", WireClient.object().put("topic", topic)));
            ObjectNode badPriority = publish.deepCopy();
            badPriority.with("options").put("priority", 11);
            assertEquals("bus.invalid-priority", wire.error("bus.publish", badPriority));

            String subscription = wire.ok("bus.subscribe", WireClient.object().put("topic", topic).put("group", "ws").put("max", 1))
                    .path("subscription").asText();
            admin.publish(topic, "{\"n\": 2}", Map.of());
            admin.publish(topic, "{\"n\": 3}", Map.of());
            JsonNode first = wire.publication();
            assertEquals(subscription, first.path("publication").asText());
            assertFalse(wire.publicationWithin(300), "at most max=1 unacked at once");
            wire.ok("bus.ack", WireClient.object().put("message", first.path("event").path("id").asText()).put("group", "ws"));
            JsonNode second = wire.publication();
            assertTrue(second.path("event").path("payload").has("n"));
            assertTrue(wire.ok("bus.unsubscribe", WireClient.object().put("subscription", subscription)).asBoolean());
        }
    }

    @Test
    void aServiceLogsInWithItsTokenAndIsHeldToItsPermissions() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = unique("svc");
        admin.topic(topic, "{}");
        BusApi service = admin.register(unique("svc"));
        try (WireClient wire = loggedIn(service.token())) {
            ObjectNode publish = WireClient.object().put("topic", topic);
            publish.set("payload", WireClient.json("true"));
            assertFalse(wire.ok("bus.publish", publish).path("id").asText().isEmpty());
            assertEquals(1, wire.ok("bus.lease", WireClient.object().put("topic", topic)).path("messages").size(), "and consume, as its group grants");
        }
    }

    @Test
    void theJavaClientPublishesSubscribesAcksAndReplies() throws Exception {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = unique("java");
        admin.topic(topic, "{}");
        ClientOptions options = ClientOptions.to(URI.create("ws://127.0.0.1:" + RUNTIME.port() + "/api/ws")).withName("itest-bus")
                .withRequestTimeout(Duration.ofSeconds(10)).withCredentials("admin", "itest-secret");
        try (SwitchboardClient client = await(SwitchboardClient.connect(options))) {
            BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
            BusSubscription subscription = await(client.busSubscribe(topic, "java", 10, received::add));
            for (int i = 0; i < 5; i++) {
                await(client.busPublish(topic, BusApi.JSON.readTree("{\"i\": " + i + "}"), BusOptions.defaults()));
            }
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                BusMessage message = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(message, "message " + i);
                assertEquals("java", message.group());
                seen.add(message.payload().path("i").asInt());
                await(client.busAck(message));
            }
            assertEquals(Set.of(0, 1, 2, 3, 4), seen);

            BusSubscription server = await(client.busSubscribe(topic, "servers", 10, message -> {
                if (message.reply()) {
                    client.busReply(message, BusApi.JSON.createObjectNode().put("echo", message.payload().path("q").asText()));
                    client.busAck(message);
                }
            }));
            JsonNode reply = await(client.busRequest(topic, BusApi.JSON.readTree("{\"q\": \"ping\"}"), BusOptions.defaults(), Duration.ofSeconds(10)));
            assertEquals("ping", reply.path("echo").asText());
            assertTrue(await(client.busUnsubscribe(server)));
            assertTrue(await(client.busUnsubscribe(subscription)));
        }
    }
}
