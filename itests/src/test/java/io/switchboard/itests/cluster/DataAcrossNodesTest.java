package io.switchboard.itests.cluster;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.PostgresServer;
import io.switchboard.itests.support.WireClient;

/**
 * Two runtimes in one cluster sharing a PostgreSQL store (issue 12, item 5): a data write on one
 * node reaches a subscriber attached to the other, at every consistency level, with the item's
 * version from the database, in the writer's order; a subscription made on one node gets the writes
 * made on the other right after it was made; and the store going away and coming back loses no
 * acknowledged write and needs no restart of either node. One cluster for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataAcrossNodesTest {

    private PostgresServer postgres;
    private ClusterNodes cluster;
    private WireClient writer;
    private WireClient subscriber;

    @BeforeAll
    void formCluster() throws Exception {
        postgres = PostgresServer.start();
        cluster = new ClusterNodes("switchboard-cluster-data", 2);
        Map<String, String> store = Map.of("SWITCHBOARD_STORE_URL", postgres.url(), "SWITCHBOARD_STORE_PASSWORD", postgres.password());
        cluster.launch("node-1", List.of(), store);
        cluster.launch("node-2", List.of(), store);
        cluster.awaitReady("node-1");
        cluster.awaitReady("node-2");
        Map<String, String> up = Map.of("node-1", "up", "node-2", "up");
        cluster.awaitStates("node-1", up, Duration.ofSeconds(60));
        cluster.awaitStates("node-2", up, Duration.ofSeconds(60));
        writer = client("node-1");
        subscriber = client("node-2");
    }

    private WireClient client(String node) {
        WireClient client = WireClient.connect(cluster.node(node).httpPort());
        client.ok("login", object().put("username", "admin").put("password", ClusterNodes.ADMIN_PASSWORD));
        return client;
    }

    @AfterAll
    void stop() {
        try {
            if (writer != null) {
                writer.close();
            }
            if (subscriber != null) {
                subscriber.close();
            }
            if (cluster != null) {
                Map<String, String> failed = cluster.stopAll();
                assertTrue(failed.isEmpty(), "every node stops cleanly on SIGTERM: " + failed);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static ObjectNode set(String path, ObjectNode data, String consistency) {
        ObjectNode request = object().put("path", path);
        request.set("data", data);
        request.set("options", object().put("consistency", consistency));
        return request;
    }

    private String subscribe(WireClient client, String pattern) {
        return client.ok("on", object().put("path", pattern)).get("subscription").asText();
    }

    @Test
    @Order(1)
    void aWriteOnOneNodeReachesASubscriberOnTheOtherAtEveryConsistencyLevel() {
        String subscription = subscribe(subscriber, "/shared/devices/**");
        for (String level : List.of("queued", "deferred", "transactional", "acknowledged")) {
            JsonNode stored = writer.ok("set", set("/shared/devices/" + level, object().put("level", level), level));
            JsonNode publication = subscriber.publication();
            assertEquals(subscription, publication.get("publication").asText());
            JsonNode event = publication.get("event");
            assertEquals("set", event.get("action").asText());
            assertEquals("/shared/devices/" + level, event.get("path").asText(), "at " + level);
            assertEquals(level, event.get("data").get("level").asText());
            assertEquals(stored.get("meta").get("version").asLong(), event.get("meta").get("version").asLong(),
                    "the version the database gave the write (" + level + ")");
            assertEquals(stored.get("meta").get("modifiedBy").asText(), event.get("meta").get("modifiedBy").asText());
        }

        ObjectNode publish = object().put("path", "/shared/devices/flash");
        publish.set("data", object().put("flash", true));
        publish.set("options", object().put("consistency", "acknowledged"));
        writer.ok("publish", publish);
        JsonNode published = subscriber.publication().get("event");
        assertEquals("/shared/devices/flash", published.get("path").asText());
        assertTrue(published.get("data").get("flash").asBoolean());

        writer.ok("remove", object().put("path", "/shared/devices/*"));
        JsonNode removed = subscriber.publication().get("event");
        assertEquals("remove", removed.get("action").asText());
        assertEquals("/shared/devices/*", removed.get("path").asText());
        assertEquals(4, removed.get("data").get("removed").asInt());
        assertEquals(4, removed.get("meta").get("removedPaths").size());

        writer.ok("set", set("/elsewhere/x", object().put("x", 1), "acknowledged"));
        assertFalse(subscriber.publicationWithin(500), "a write no subscription matches reaches no subscriber on the other node");
        subscriber.ok("off", object().put("subscription", subscription));
    }

    @Test
    @Order(2)
    void writesFromOneNodeReachTheOtherInTheWritersOrder() {
        String subscription = subscribe(subscriber, "/shared/order/*");
        List<String> levels = List.of("queued", "deferred", "transactional", "acknowledged");
        int count = 200;
        for (int i = 0; i < count; i++) {
            writer.ok("set", set("/shared/order/" + (i % 10), object().put("i", i), levels.get(i % levels.size())));
        }
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seen.add(subscriber.publication().get("event").get("data").get("i").asInt());
        }
        for (int i = 0; i < count; i++) {
            assertEquals(i, seen.get(i), "the writer's order: " + seen);
        }
        subscriber.ok("off", object().put("subscription", subscription));
    }

    @Test
    @Order(3)
    void aNewSubscriptionGetsTheOtherNodesWritesMadeRightAfterItWasMade() {
        for (int round = 0; round < 5; round++) {
            String pattern = "/fresh/" + round + "/*";
            subscribe(subscriber, pattern); // answered once node-1 routes /fresh/<round>/* to node-2
            writer.ok("set", set("/fresh/" + round + "/x", object().put("round", round), "transactional"));
            JsonNode event = subscriber.publication().get("event");
            assertEquals(round, event.get("data").get("round").asInt(), "round " + round);
        }
        // and the other way round: a subscriber on node-1, a writer on node-2
        subscribe(writer, "/back/*");
        subscriber.ok("set", set("/back/x", object().put("from", "node-2"), "acknowledged"));
        assertEquals("node-2", writer.publication().get("event").get("data").get("from").asText());
    }

    @Test
    @Order(4)
    void theStoreGoingAwayLosesNoAcknowledgedWriteAndEveryNodeRecoversByItself() throws Exception {
        String subscription = subscribe(subscriber, "/durable/*");
        for (int i = 0; i < 20; i++) {
            writer.ok("set", set("/durable/" + i, object().put("i", i), "acknowledged"));
            assertEquals(i, subscriber.publication().get("event").get("data").get("i").asInt());
        }
        postgres.stop();
        try {
            assertEquals("data.store-unavailable", writer.error("set", set("/durable/lost", object().put("i", -1), "acknowledged")));
            for (String node : List.of("node-1", "node-2")) {
                HttpResponse<String> health = Await.until(node + " /health DOWN", Duration.ofSeconds(30), () -> {
                    HttpResponse<String> answer = cluster.process(node).http().get("/health");
                    return answer.statusCode() == 503 ? answer : null;
                });
                assertEquals("data.postgres", Http.json(health).get("notReady").get(0).get("name").asText(), health.body());
            }
        } finally {
            postgres.resume();
        }
        for (String node : List.of("node-1", "node-2")) {
            Await.until(node + " /health UP again, without a restart", Duration.ofSeconds(30),
                    () -> cluster.process(node).http().get("/health").statusCode() == 200);
        }
        assertFalse(subscriber.publicationWithin(200), "the refused write was published nowhere");
        JsonNode stored = subscriber.ok("get", object().put("path", "/durable/*"));
        assertEquals(20, stored.size(), "every acknowledged write is in the store: " + stored);
        writer.ok("set", set("/durable/after", object().put("i", 99), "acknowledged"));
        assertEquals(99, subscriber.publication().get("event").get("data").get("i").asInt(), "events cross again after the outage");
        subscriber.ok("off", object().put("subscription", subscription));
    }
}
