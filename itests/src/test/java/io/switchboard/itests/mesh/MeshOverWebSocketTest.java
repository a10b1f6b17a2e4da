package io.switchboard.itests.mesh;

import static io.switchboard.itests.mesh.MeshWire.errorCode;
import static io.switchboard.itests.mesh.MeshWire.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.RunningRuntime;

/**
 * The mesh actions of switchboard.v1 (call, describe, event.on, event.off), frame by frame against
 * the real distribution with the example components and without security (the caller is anonymous).
 */
class MeshOverWebSocketTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge").withExamples();

    @Test
    void callAnswersWithTheMethodsResultAsJson() {
        try (MeshWire wire = MeshWire.open(RUNTIME.port())) {
            JsonNode answer = wire.request("{\"id\":1,\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\","
                    + "\"args\":[{\"deviceId\":\"thermostat-1\",\"value\":21}],"
                    + "\"options\":{\"range\":\"^1.0.0\",\"route\":\"roundRobin\",\"timeoutMillis\":5000}}");
            assertEquals(1, answer.get("id").asInt());
            JsonNode reading = result(answer);
            assertEquals("thermostat-1", reading.get("deviceId").asText());
            assertEquals(21.0, reading.get("value").asDouble());
            assertEquals("local", answer.path("meta").path("node").asText(), "the node that answered, beside the result: " + answer);
            assertEquals("1.0.0", result(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\"")).asText());
            assertEquals("1.0.0", result(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\","
                    + "\"args\":[],\"options\":{\"route\":\"sticky\",\"key\":\"site-7\"}")).asText());
        }
    }

    @Test
    void theCalleeSeesAnAnonymousOriginWithoutSecurity() {
        try (MeshWire wire = MeshWire.open(RUNTIME.port())) {
            assertEquals("anonymous:anonymous",
                    result(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"origin\"")).asText());
        }
    }

    @Test
    void callFailuresKeepTheMeshCodes() {
        try (MeshWire wire = MeshWire.open(RUNTIME.port())) {
            assertEquals("mesh.no-matching-version", errorCode(wire.send("\"action\":\"call\",\"component\":\"nobody\",\"method\":\"x\"")));
            assertEquals("mesh.no-matching-version", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"options\":{\"range\":\"^2.0.0\"}")));
            assertEquals("mesh.invalid-range", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"options\":{\"range\":\"not a range\"}")));
            assertEquals("mesh.method-not-found", errorCode(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"explode\"")));
            assertEquals("mesh.method-not-found", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\",\"args\":[1,2]")));
            assertEquals("mesh.bad-arguments", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\",\"args\":[\"not a reading\"]")));
            JsonNode thrown = wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"device\",\"args\":[\"nope\"]");
            assertEquals("devices.unknown-device", errorCode(thrown));
            assertTrue(thrown.path("error").path("message").asText().contains("nope"), thrown.toString());
        }
    }

    @Test
    void missingOrMistypedFieldsGetProtocolCodes() {
        try (MeshWire wire = MeshWire.open(RUNTIME.port())) {
            assertEquals("protocol.missing-field", errorCode(wire.send("\"action\":\"call\",\"method\":\"version\"")));
            assertEquals("protocol.missing-field", errorCode(wire.send("\"action\":\"call\",\"component\":\"deviceManager\"")));
            assertEquals("protocol.wrong-type", errorCode(wire.send("\"action\":\"call\",\"component\":7,\"method\":\"version\"")));
            assertEquals("protocol.wrong-type", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"args\":{\"a\":1}")));
            assertEquals("protocol.wrong-type", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"options\":{\"timeoutMillis\":-5}")));
            assertEquals("protocol.missing-field", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"options\":{\"route\":\"sticky\"}")));
            assertEquals("mesh.invalid-option", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"options\":{\"route\":\"nearest\"}")));
            assertEquals("mesh.invalid-option", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"options\":{\"timeout\":5}")));
            assertEquals("protocol.missing-field", errorCode(wire.send("\"action\":\"event.on\",\"component\":\"deviceManager\"")));
            assertEquals("protocol.missing-field", errorCode(wire.send("\"action\":\"event.off\"")));
            assertEquals("protocol.wrong-type", errorCode(wire.send("\"action\":\"describe\",\"watch\":\"yes\"")));
            assertEquals("mesh.invalid-event-pattern", errorCode(wire.send(
                    "\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"al*rt\"")));
            assertEquals("mesh.invalid-range", errorCode(wire.send(
                    "\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"alert\",\"options\":{\"range\":\"nonsense\"}")));
            assertEquals("pong", result(wire.send("\"action\":\"ping\"")).asText());
        }
    }

    @Test
    void describeAnswersWhatTheHttpDescriptionSays() {
        try (MeshWire wire = MeshWire.open(RUNTIME.port())) {
            JsonNode components = result(wire.send("\"action\":\"describe\"")).get("components");
            MeshHttp.Answer http = new MeshHttp(RUNTIME.port()).description();
            assertEquals(http.body().get("components"), components);
            boolean found = false;
            for (JsonNode component : components) {
                found |= component.get("name").asText().equals("deviceManager") && component.get("version").asText().equals("1.0.0")
                        && component.get("methods").toString().contains("update(1)") && component.get("events").toString().contains("alert");
            }
            assertTrue(found, components.toString());
        }
    }

    @Test
    void eventSubscriptionsReceiveEveryMatchingEventUntilOff() {
        try (MeshWire wire = MeshWire.open(RUNTIME.port())) {
            JsonNode subscribed = wire.send("\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"alert\",\"options\":{\"range\":\"^1.0.0\"}");
            String id = result(subscribed).get("subscription").asText();
            assertTrue(id.startsWith("e-"), id);
            String other = result(wire.send("\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"**\"")).get("subscription").asText();
            String never = result(wire.send(
                    "\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"alert\",\"options\":{\"range\":\"^2.0.0\"}")).get("subscription").asText();

            result(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\",\"args\":[{\"deviceId\":\"thermostat-1\",\"value\":99}]"));
            JsonNode first = wire.nextPublication();
            JsonNode second = wire.nextPublication();
            assertEquals(java.util.Set.of(id, other), java.util.Set.of(first.get("publication").asText(), second.get("publication").asText()));
            JsonNode event = first.get("event");
            assertEquals("deviceManager", event.get("component").asText());
            assertEquals("1.0.0", event.get("version").asText());
            assertEquals("alert", event.get("event").asText());
            assertEquals("thermostat-1", event.get("data").get("deviceId").asText());
            assertEquals(99.0, event.get("data").get("value").asDouble());
            assertNull(wire.publicationWithin(300), "nothing for " + never + ", whose range no emitter matches");

            assertEquals(true, result(wire.send("\"action\":\"event.off\",\"subscription\":\"" + id + "\"")).asBoolean());
            assertEquals(false, result(wire.send("\"action\":\"event.off\",\"subscription\":\"" + id + "\"")).asBoolean());
            result(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\",\"args\":[{\"deviceId\":\"thermostat-1\",\"value\":98}]"));
            JsonNode remaining = wire.nextPublication();
            assertEquals(other, remaining.get("publication").asText());
            assertNull(wire.publicationWithin(300), "nothing more after event.off");
        }
    }

    @Test
    void aSessionCannotEndAnotherSessionsSubscription() {
        try (MeshWire owner = MeshWire.open(RUNTIME.port()); MeshWire stranger = MeshWire.open(RUNTIME.port())) {
            String id = result(owner.send("\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"alert\"")).get("subscription").asText();
            assertEquals(false, result(stranger.send("\"action\":\"event.off\",\"subscription\":\"" + id + "\"")).asBoolean());
            result(stranger.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\",\"args\":[{\"deviceId\":\"door-1\",\"value\":1}]"));
            assertEquals(id, owner.nextPublication().get("publication").asText());
        }
    }

    @Test
    void aWatchingSessionIsToldWhenTheDescriptionChanges() throws Exception {
        try (MeshWire wire = MeshWire.open(RUNTIME.port())) {
            result(wire.send("\"action\":\"describe\",\"watch\":true"));
            Path jar = RUNTIME.process().deploy().resolve("device-manager-1.1.0.jar");
            Files.copy(Distribution.example("device-manager-1.1.0.jar"), jar);
            try {
                awaitDescription(wire, true);
            } finally {
                Files.delete(jar);
            }
            awaitDescription(wire, false);
            result(wire.send("\"action\":\"describe\",\"watch\":false"));
            Files.copy(Distribution.example("device-manager-1.1.0.jar"), jar);
            try {
                Await.until("1.1.0 running", Duration.ofSeconds(20),
                        () -> new MeshHttp(RUNTIME.port()).description().body().toString().contains("\"1.1.0\""));
                assertNull(wire.publicationWithin(500), "no notice after watch:false");
            } finally {
                Files.delete(jar);
            }
            Await.until("1.1.0 gone", Duration.ofSeconds(20),
                    () -> !new MeshHttp(RUNTIME.port()).description().body().toString().contains("\"1.1.0\""));
        }
    }

    /** Reads description notices until one shows deviceManager 1.1.0 running (or no longer there). */
    private static void awaitDescription(MeshWire wire, boolean with110) {
        while (true) {
            JsonNode notice = wire.nextPublication();
            assertEquals("mesh.description", notice.get("publication").asText());
            boolean has = false;
            for (JsonNode component : notice.get("event").get("components")) {
                has |= component.get("name").asText().equals("deviceManager") && component.get("version").asText().equals("1.1.0")
                        && component.get("state").asText().equals("running");
            }
            if (has == with110) {
                return;
            }
        }
    }
}
