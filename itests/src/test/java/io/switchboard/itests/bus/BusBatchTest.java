package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * The batch routes through a real runtime, raw HTTP: a batch publish is checked whole before anything
 * is stored and answered per entry; a batch ack or nack answers each id alone. Every exchange is
 * checked against the OpenAPI document (BusApi).
 */
class BusBatchTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus")
            .withEtc("io.switchboard.bus.cfg", "maxBatchMessages = 50\nmaxBatchBytes = 65536\n");

    private static int topics;

    private static String topic(BusApi admin, String settings) {
        String name = "batch-" + (++topics) + "-" + System.nanoTime();
        admin.topic(name, settings);
        return name;
    }

    private static String batch(String... entries) {
        return "{\"messages\": [" + String.join(",", entries) + "]}";
    }

    private static String ids(List<String> ids) {
        ArrayNode array = BusApi.JSON.createArrayNode();
        ids.forEach(array::add);
        return BusApi.object().set("ids", array).toString();
    }

    private static long depth(BusApi admin, String topic) {
        return admin.get("/api/bus/topics/" + topic).body().path("depth").asLong();
    }

    private static void refused(String code, int status, BusApi.Answer answer, String named) {
        assertEquals(code, answer.code(), answer.toString());
        assertEquals(status, answer.status(), answer.toString());
        String message = answer.body().path("error").path("message").asText();
        assertTrue(message.contains(named), "the message names the problem (" + named + "): " + message);
        assertFalse(message.contains("Exception") || message.contains("java."), "no Java names: " + message);
    }

    @Test
    void aBatchIsStoredInOrderWithEachEntrysOptionsAndAnsweredPerEntry() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        for (String driver : List.of("memory", "file")) {
            String topic = topic(admin, "{\"driver\": \"" + driver + "\", \"discipline\": \"priority\"}");
            BusApi.Answer answer = admin.post("/api/bus/topics/" + topic + "/messages/batch", batch("{\"payload\": {\"n\": 1}}",
                    "{\"payload\": [2], \"priority\": 9, \"key\": \"k\"}", "{\"payload\": \"three\", \"dedupId\": \"d\"}",
                    "{\"payload\": \"three again\", \"dedupId\": \"d\"}", "{\"payload\": null, \"delayMillis\": 600000}"));
            assertEquals(202, answer.status(), answer.toString());
            JsonNode results = answer.body().path("messages");
            assertEquals(5, results.size());
            assertEquals(topic + "~1", results.get(0).path("id").asText(), driver);
            assertTrue(results.get(3).path("duplicate").asBoolean(), "a dedup id seen earlier in the batch: " + results);
            assertEquals(results.get(2).path("id").asText(), results.get(3).path("id").asText());
            JsonNode leased = admin.lease(topic, "max=10");
            assertEquals(3, leased.size(), "the delayed one waits, the duplicate was stored once: " + leased);
            assertEquals("[2]", leased.get(0).path("payload").toString(), "priority 9 first");
            assertEquals("k", leased.get(0).path("key").asText());
            assertEquals("{\"n\":1}", leased.get(1).path("payload").toString());
            assertEquals("\"three\"", leased.get(2).path("payload").toString());
        }
    }

    @Test
    void badBatchesAreRefusedWholeWithTheirOwnCodesAndNothingIsStored() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = topic(admin, "{\"driver\": \"memory\"}");
        String route = "/api/bus/topics/" + topic + "/messages/batch";
        refused("bus.empty-batch", 400, admin.post(route, batch()), "empty");
        String[] many = new String[51];
        java.util.Arrays.fill(many, "{\"payload\": 1}");
        refused("bus.batch-too-large", 413, admin.post(route, batch(many)), "maxBatchMessages");
        refused("bus.invalid-priority", 400, admin.post(route, batch("{\"payload\": 1}", "{\"payload\": 2, \"priority\": 10}")), "messages[1]");
        refused("bus.invalid-header", 400, admin.post(route, batch("{\"payload\": 1, \"key\": \"\"}")), "messages[0]");
        refused("bus.invalid-parameter", 400, admin.post(route, batch("{\"payload\": 1}", "{\"priority\": 1}")), "payload");
        refused("bus.invalid-parameter", 400, admin.post(route, batch("{\"payload\": 1, \"colour\": \"red\"}")), "colour");
        refused("bus.invalid-parameter", 400, admin.post(route, "[{\"payload\": 1}]"), "messages");
        refused("bus.not-json", 400, admin.post(route, "{\"messages\": [1,"), "JSON");
        refused("bus.too-large", 413, admin.post(route, batch("{\"payload\": \"" + "x".repeat(70_000) + "\"}")), "maxBatchBytes");
        refused("bus.invalid-header", 400, admin.post(route, batch("{\"payload\": 1}"), Map.of("Bus-Priority", "1")), "Bus-Priority");
        refused("bus.unknown-topic", 404, admin.post("/api/bus/topics/no-such-topic/messages/batch", batch("{\"payload\": 1}")), "no-such-topic");
        refused("bus.unauthenticated", 401, BusApi.anonymous(RUNTIME.port()).post(route, batch("{\"payload\": 1}")), "token");
        refused("bus.method-not-allowed", 405, admin.get(route), "GET");
        assertEquals(0, depth(admin, topic), "nothing of any refused batch was stored");
    }

    @Test
    void aFullTopicRefusesOnlyTheEntriesOverItsLength() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = topic(admin, "{\"driver\": \"file\", \"maxLength\": 2}");
        BusApi.Answer answer = admin.post("/api/bus/topics/" + topic + "/messages/batch", batch("{\"payload\": 1}", "{\"payload\": 2}", "{\"payload\": 3}"));
        assertEquals(202, answer.status(), answer.toString());
        JsonNode results = answer.body().path("messages");
        assertTrue(results.get(1).has("id"));
        assertEquals("bus.topic-full", results.get(2).path("error").path("code").asText(), results.toString());
        assertEquals(2, depth(admin, topic));
    }

    @Test
    void aBatchAckAnswersEachIdAloneAndPermissionIsDecidedPerTopic() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String mine = topic(admin, "{\"driver\": \"file\"}");
        String theirs = topic(admin, "{\"driver\": \"memory\"}");
        try (WireClient wire = WireClient.connect(RUNTIME.port())) {
            wire.ok("login", WireClient.object().put("username", "admin").put("password", "itest-secret"));
            wire.ok("security.upsertUser", WireClient.object().put("username", "batch-worker").put("password", "batch-worker-password")
                    .set("permissions", WireClient.json("[{\"pattern\":\"/_bus/topics/" + mine + "\",\"actions\":[\"publish\",\"consume\"]}]")));
        }
        BusApi worker = BusApi.login(RUNTIME.port(), "batch-worker", "batch-worker-password");
        BusApi other = admin.register("batch-other-" + System.nanoTime());
        admin.post("/api/bus/topics/" + mine + "/messages/batch", batch("{\"payload\": 1}", "{\"payload\": 2}", "{\"payload\": 3}"));
        String theirsId = admin.publish(theirs, "1", Map.of());
        List<String> leased = new ArrayList<>();
        worker.lease(mine, "max=2").forEach(message -> leased.add(message.path("id").asText()));
        String othersLease = other.lease(mine, "max=1").get(0).path("id").asText();

        List<String> ids = List.of(leased.get(0), leased.get(1), othersLease, leased.get(0), theirsId, "not-an-id", mine + "~999");
        BusApi.Answer answer = worker.post("/api/bus/messages/ack", ids(ids));
        assertEquals(200, answer.status(), answer.toString());
        JsonNode results = answer.body().path("messages");
        assertEquals(ids.size(), results.size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(ids.get(i), results.get(i).path("id").asText(), "in the request's order");
        }
        assertTrue(results.get(0).path("acked").asBoolean());
        assertTrue(results.get(1).path("acked").asBoolean());
        List<String> codes = new ArrayList<>();
        for (int i = 2; i < ids.size(); i++) {
            codes.add(results.get(i).path("error").path("code").asText());
        }
        assertEquals(List.of("bus.not-leaseholder", "bus.already-acked", "bus.forbidden", "bus.unknown-message", "bus.unknown-message"), codes);
        assertEquals(1, depth(admin, mine), "the worker's two are gone; the other consumer's lease stands");
        assertEquals(1, depth(admin, theirs), "a topic the worker may not consume is untouched");
        assertTrue(other.post("/api/bus/messages/ack", ids(List.of(othersLease))).body().path("messages").get(0).path("acked").asBoolean());
    }

    @Test
    void aBatchNackGivesEachBackAndBadBatchesAreRefusedWhole() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = topic(admin, "{\"driver\": \"memory\"}");
        admin.post("/api/bus/topics/" + topic + "/messages/batch", batch("{\"payload\": 1}", "{\"payload\": 2}"));
        List<String> leased = new ArrayList<>();
        admin.lease(topic, "max=2&group=g").forEach(message -> leased.add(message.path("id").asText()));

        refused("bus.empty-batch", 400, admin.post("/api/bus/messages/nack?group=g", "{\"ids\": []}"), "empty");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(leased.get(0));
        }
        refused("bus.batch-too-large", 413, admin.post("/api/bus/messages/ack?group=g", ids(tooMany)), "maxBatchMessages");
        refused("bus.invalid-parameter", 400, admin.post("/api/bus/messages/ack?group=g", "{\"ids\": [1]}"), "ids[0]");
        refused("bus.invalid-parameter", 400, admin.post("/api/bus/messages/nack?group=g&delay=-1", ids(leased)), "delay");
        refused("bus.invalid-parameter", 400, admin.post("/api/bus/messages/ack?group=g&delay=5", ids(leased)), "delay");
        refused("bus.invalid-group", 400, admin.post("/api/bus/messages/ack?group=a%20b", ids(leased)), "group");
        refused("bus.unauthenticated", 401, BusApi.anonymous(RUNTIME.port()).post("/api/bus/messages/ack", ids(leased)), "token");
        assertEquals(2, admin.get("/api/bus/topics/" + topic).body().path("groups").path("g").path("inFlight").asLong(), "both still leased");

        BusApi.Answer nacked = admin.post("/api/bus/messages/nack?group=g", ids(leased));
        assertEquals(200, nacked.status(), nacked.toString());
        nacked.body().path("messages").forEach(result -> assertTrue(result.path("nacked").asBoolean(), nacked.toString()));
        assertEquals(2, admin.lease(topic, "max=10&group=g").size(), "both back at once");
    }
}
