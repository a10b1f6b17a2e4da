package io.switchboard.itests.mesh;

import static io.switchboard.itests.mesh.MeshWire.errorCode;
import static io.switchboard.itests.mesh.MeshWire.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * Issue 11, items 8, 10, 11, 12 and 15 of the mesh, replayed from outside as an attacker and a client
 * developer would, with raw frames and raw HTTP against the real distribution and its examples:
 * deep arguments, an oversized body, data that does not fit deviceManager's types, error messages
 * that named Java classes, and callee failures that were never logged.
 */
class MeshInputRegressionTest {

    private static final Pattern ERROR_ID = Pattern.compile("error id (e-[0-9a-f]{12})");

    @TempDir
    static Path work;

    private static RuntimeProcess runtime;
    private static MeshHttp http;
    private static int port;

    @BeforeAll
    static void start() {
        port = FreePort.pick();
        runtime = RuntimeProcess.startWithExamples(work.resolve("home"), port, RuntimeProcess.testEnv("core,edge")).awaitReady();
        http = new MeshHttp(port);
    }

    @AfterAll
    static void stop() {
        assertEquals(0, runtime.stop(), runtime.log());
        runtime.close();
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** What a client reads must name no Java class, and not say how the server is built. */
    private static void speaksTheClientsTerms(String message) {
        for (String leak : List.of("Exception", "java.", "io.switchboard.", "com.fasterxml", "StreamReadConstraints", "jackson")) {
            assertFalse(message.contains(leak), "'" + leak + "' in: " + message);
        }
    }

    @Test
    void deepArgumentsAreAnsweredWithAnErrorOverHttpAndWebSocketNotAStackOverflow() {
        MeshHttp.Answer answer = http.post("/api/exchange/deviceManager/update", "[" + nested(999) + "]");
        assertEquals(400, answer.status(), answer.body().toString());
        assertEquals("mesh.bad-arguments", answer.code());
        speaksTheClientsTerms(answer.body().path("error").path("message").asText());

        try (MeshWire wire = MeshWire.open(port)) {
            // 999 levels in all, as the issue sent them: within the frame parser's own limit, so they reach the mesh
            JsonNode refused = wire.request("{\"id\":7,\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\","
                    + "\"args\":[" + nested(997) + "]}");
            assertFalse(refused.path("ok").asBoolean(), refused.toString());
            if (refused.path("error").path("code").asText().startsWith("mesh.")) { // (a stricter frame parser may refuse it first)
                assertEquals(7, refused.path("id").asInt(), refused.toString());
                assertEquals("mesh.bad-arguments", errorCode(refused));
                speaksTheClientsTerms(refused.path("error").path("message").asText());
            }
            assertEquals("1.0.0", result(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\"")).asText(),
                    "the session goes on");
        }
    }

    @Test
    void aBodyOverMaxBodyBytesIsRefused413() {
        String big = "[\"" + "x".repeat(2 * 1024 * 1024) + "\"]";
        MeshHttp.Answer answer = http.post("/api/exchange/deviceManager/device", big);
        assertEquals(413, answer.status(), answer.body().toString());
        assertEquals("mesh.too-large", answer.code());
    }

    @Test
    void dataThatDoesNotFitDeviceManagersTypesIsRefusedNamingTheFieldUnlessLenient() {
        Map<String, Object> withUnit = Map.of("deviceId", "thermostat-1", "value", 21, "unit", "C");
        MeshHttp.Answer unknown = http.call("deviceManager", "update", null, withUnit);
        assertEquals(400, unknown.status(), unknown.body().toString());
        assertEquals("mesh.incompatible-data", unknown.code());
        assertTrue(unknown.body().toString().contains("'unit'"), unknown.body().toString());

        MeshHttp.Answer missing = http.call("deviceManager", "update", null, Map.of("deviceId", "thermostat-1"));
        assertEquals("mesh.incompatible-data", missing.code(), missing.body().toString());
        assertTrue(missing.body().toString().contains("'value'"), "a missing value is not read as 0: " + missing.body());

        MeshHttp.Answer lenient = http.post("/api/exchange/deviceManager/update?lenient=true", "[{\"deviceId\":\"thermostat-1\","
                + "\"value\":21,\"unit\":\"C\"}]");
        assertEquals(200, lenient.status(), lenient.body().toString());

        MeshHttp.Answer wrongType = http.call("deviceManager", "update", null, Map.of("deviceId", "thermostat-1", "value", "hot"));
        assertEquals("mesh.bad-arguments", wrongType.code());
        String message = wrongType.body().path("error").path("message").asText();
        assertTrue(message.contains("field 'value'") && message.contains("a number"), message);
        speaksTheClientsTerms(message);
        MeshHttp.Answer notAReading = http.call("deviceManager", "update", null, "not a reading");
        assertTrue(notAReading.body().toString().contains("an object with the fields"), notAReading.body().toString());
        speaksTheClientsTerms(notAReading.body().path("error").path("message").asText());

        try (MeshWire wire = MeshWire.open(port)) {
            String args = "\"args\":[{\"deviceId\":\"thermostat-1\",\"value\":21,\"unit\":\"C\"}]";
            assertEquals("mesh.incompatible-data", errorCode(wire.send(
                    "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\"," + args)));
            assertEquals(21.0, result(wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"update\"," + args
                    + ",\"options\":{\"lenient\":true}")).path("value").asDouble());
        }
    }

    @Test
    void aCalleesFailureCarriesAnErrorIdThatTheServerLoggedOnce() {
        MeshHttp.Answer crashed = http.post("/api/exchange/deviceManager/update", "[null]");
        assertEquals(500, crashed.status(), crashed.body().toString());
        assertEquals("mesh.callee-failed", crashed.code());
        String message = crashed.body().path("error").path("message").asText();
        speaksTheClientsTerms(message);
        String id = errorId(message);
        String log = runtime.log();
        assertEquals(1, count(log, "error id " + id), "logged once:\n" + log);
        assertTrue(log.contains("NullPointerException"), "the server keeps what the client is not told");

        try (MeshWire wire = MeshWire.open(port)) {
            JsonNode unknownDevice = wire.send("\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"device\",\"args\":[\"nope\"]");
            assertEquals("devices.unknown-device", errorCode(unknownDevice), "the callee's own code is kept");
            String coded = errorId(unknownDevice.path("error").path("message").asText());
            assertEquals(1, count(runtime.log(), "error id " + coded));
        }
    }

    private static String errorId(String message) {
        Matcher id = ERROR_ID.matcher(message);
        assertTrue(id.find(), "no error id in: " + message);
        return id.group(1);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
