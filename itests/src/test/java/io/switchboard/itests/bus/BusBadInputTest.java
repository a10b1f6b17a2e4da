package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.RunningRuntime;

/** The bad-input list, sent raw: each gets its own bus.* code and a message that names the problem, and nothing stored changes. */
class BusBadInputTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private final Set<String> codes = new HashSet<>();

    private void expect(String code, int status, BusApi.Answer answer, String named) {
        assertEquals(code, answer.code(), answer.toString());
        assertEquals(status, answer.status(), answer.toString());
        String message = answer.body().path("error").path("message").asText();
        assertEquals(true, message.contains(named), "the message names the problem (" + named + "): " + message);
        assertEquals(false, message.contains("Exception") || message.contains("java."), "no Java names: " + message);
        codes.add(code);
    }

    @Test
    void everyBadInputHasItsOwnCodeAndChangesNothing() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        admin.topic("bad-input", "{\"maxLength\": 3}");
        String kept = admin.publish("bad-input", "{\"kept\": true}", Map.of());
        String topic = "/api/bus/topics/bad-input";

        expect("bus.unknown-topic", 404, admin.post("/api/bus/topics/nowhere/messages", "1"), "nowhere");
        expect("bus.invalid-discipline", 400, admin.put(topic, "{\"discipline\": \"random\"}"), "random");
        expect("bus.invalid-driver", 400, admin.put(topic, "{\"driver\": \"tape\"}"), "tape");
        expect("bus.invalid-setting", 400, admin.put(topic, "{\"maxLength\": -1}"), "maxLength");
        expect("bus.not-json", 400, admin.post(topic + "/messages", "{not json"), "not valid JSON");
        expect("bus.too-large", 413, admin.post(topic + "/messages", "\"" + "x".repeat(1024 * 1024 + 10) + "\""), "limit");
        expect("bus.invalid-priority", 400, admin.post(topic + "/messages", "1", Map.of("Bus-Priority", "10")), "Bus-Priority");
        expect("bus.invalid-header", 400, admin.post(topic + "/messages", "1", Map.of("Bus-Delay-Millis", "soon")), "Bus-Delay-Millis");
        expect("bus.invalid-visibility", 400, admin.post(topic + "/lease?visibility=1", null), "visibility");
        expect("bus.invalid-lease", 400, admin.post(topic + "/lease?max=100000", null), "max");
        expect("bus.invalid-group", 400, admin.post(topic + "/lease?group=a%20b", null), "group");

        BusApi owner = admin.register("owner-" + System.nanoTime());
        BusApi intruder = admin.register("intruder-" + System.nanoTime());
        String id = owner.lease("bad-input", "").get(0).path("id").asText();
        assertEquals(kept, id);
        expect("bus.not-leaseholder", 409, intruder.ack(id, null), "another consumer");
        expect("bus.unknown-message", 404, owner.ack("bad-input~999", null), "bad-input~999");
        assertEquals(200, owner.ack(id, null).status());
        expect("bus.already-acked", 409, owner.ack(id, null), "already acked");

        expect("bus.unauthenticated", 401, BusApi.anonymous(RUNTIME.port()).post(topic + "/messages", "1"), "token");
        expect("bus.invalid-token", 401, BusApi.withToken(RUNTIME.port(), "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA").post(topic + "/messages", "1"),
                "signature");
        expect("bus.method-not-allowed", 405, admin.send("PATCH", topic, "{}", Map.of()), "PATCH");
        expect("bus.unknown-route", 404, admin.get("/api/bus/nothing-here"), "nothing at");

        assertEquals(0, admin.get(topic).body().path("depth").asLong(), "nothing stored changed: the one message was acked, nothing else stored");
        assertEquals("fifo", admin.get(topic).body().path("settings").path("discipline").asText());
        assertEquals(3, admin.get(topic).body().path("settings").path("maxLength").asInt());
        assertEquals(18, codes.size(), "each a distinct code: " + codes);
    }
}
