package io.switchboard.itests.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * Issue 11 item 16, the mesh's part: every error code that docs/protocol.md and bundles/mesh/README.md
 * document for the mesh, provoked as a client would, over raw WebSocket frames and raw HTTP against
 * the real distribution, with the code (and over HTTP the status) the documents give. A code
 * documented without a row here, or in {@link #ELSEWHERE}, fails the test: documents and code
 * cannot drift apart unnoticed.
 */
class MeshErrorCodesTest {

    /** One way to provoke a code: a WebSocket request's fields and/or an HTTP request (null: not that way). */
    private record Row(String code, String frame, String httpPath, String httpBody, int status) {
        static Row ws(String code, String frame) {
            return new Row(code, frame, null, null, 0);
        }

        static Row both(String code, String frame, String httpPath, String httpBody, int status) {
            return new Row(code, frame, httpPath, httpBody, status);
        }

        static Row http(String code, String httpPath, String httpBody, int status) {
            return new Row(code, null, httpPath, httpBody, status);
        }
    }

    private static final String CALL = "\"action\":\"call\",\"component\":\"deviceManager\",";
    private static final String UPDATE = "/api/exchange/deviceManager/update";

    private static final List<Row> ROWS = List.of(
            Row.ws("protocol.missing-field", "\"action\":\"call\",\"method\":\"version\""),
            Row.ws("protocol.missing-field", "\"action\":\"call\",\"component\":\"deviceManager\""),
            Row.ws("protocol.missing-field", "\"action\":\"event.on\",\"component\":\"deviceManager\""),
            Row.ws("protocol.missing-field", "\"action\":\"event.off\""),
            Row.ws("protocol.missing-field", CALL + "\"method\":\"version\",\"options\":{\"route\":\"sticky\"}"),
            Row.ws("protocol.wrong-type", "\"action\":\"call\",\"component\":7,\"method\":\"version\""),
            Row.ws("protocol.wrong-type", CALL + "\"method\":\"version\",\"args\":{\"a\":1}"),
            Row.ws("protocol.wrong-type", CALL + "\"method\":\"version\",\"options\":{\"timeoutMillis\":-5}"),
            Row.ws("protocol.wrong-type", CALL + "\"method\":\"version\",\"options\":{\"lenient\":\"yes\"}"),
            Row.ws("protocol.wrong-type", "\"action\":\"describe\",\"watch\":\"yes\""),
            Row.both("mesh.no-matching-version", "\"action\":\"call\",\"component\":\"nobody\",\"method\":\"x\"", "/api/exchange/nobody/x",
                    "[]", 404),
            Row.both("mesh.no-matching-version", CALL + "\"method\":\"version\",\"options\":{\"range\":\"^2.0.0\"}",
                    "/api/exchange/deviceManager/version?range=%5E2.0.0", "[]", 404),
            Row.both("mesh.method-not-found", CALL + "\"method\":\"explode\"", "/api/exchange/deviceManager/explode", "[]", 404),
            Row.both("mesh.method-not-found", CALL + "\"method\":\"update\",\"args\":[1,2]", UPDATE, "[1,2]", 404),
            Row.both("mesh.bad-arguments", CALL + "\"method\":\"update\",\"args\":[\"not a reading\"]", UPDATE, "[\"not a reading\"]", 400),
            Row.http("mesh.bad-arguments", UPDATE, "{\"not\":\"an array\"}", 400),
            Row.both("mesh.incompatible-data", CALL + "\"method\":\"update\",\"args\":[{\"deviceId\":\"door-1\",\"value\":1,\"unit\":\"C\"}]",
                    UPDATE, "[{\"deviceId\":\"door-1\",\"value\":1,\"unit\":\"C\"}]", 400),
            Row.both("mesh.callee-failed", CALL + "\"method\":\"update\",\"args\":[null]", UPDATE, "[null]", 500),
            Row.both("devices.unknown-device", CALL + "\"method\":\"device\",\"args\":[\"nope\"]", "/api/exchange/deviceManager/device",
                    "[\"nope\"]", 500),
            Row.both("mesh.timeout", CALL + "\"method\":\"nextReading\",\"args\":[\"door-1\",5000],\"options\":{\"timeoutMillis\":200}",
                    "/api/exchange/deviceManager/nextReading", "[\"door-1\",5000]", 504),
            Row.both("mesh.invalid-range", CALL + "\"method\":\"version\",\"options\":{\"range\":\"not a range\"}",
                    "/api/exchange/deviceManager/version?range=soon", "[]", 400),
            Row.ws("mesh.invalid-range", "\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"alert\","
                    + "\"options\":{\"range\":\"nonsense\"}"),
            Row.ws("mesh.invalid-event-pattern", "\"action\":\"event.on\",\"component\":\"deviceManager\",\"event\":\"al*rt\""),
            Row.both("mesh.invalid-option", CALL + "\"method\":\"version\",\"options\":{\"route\":\"nearest\"}",
                    "/api/exchange/deviceManager/version?bogus=1", "[]", 400),
            Row.ws("mesh.invalid-option", CALL + "\"method\":\"version\",\"options\":{\"timeout\":5}"),
            Row.ws("mesh.invalid-option", CALL + "\"method\":\"version\",\"options\":{\"key\":\"k\"}"),
            Row.http("mesh.too-large", "/api/exchange/deviceManager/device", "[\"" + "x".repeat(1_100_000) + "\"]", 413));

    /**
     * Documented codes a client's request cannot provoke in this runtime, and where each is tested:
     * raised to components in the JVM (the suite in bundles/mesh), or needing a state this runtime
     * does not have.
     */
    private static final Map<String, String> ELSEWHERE = Map.of(
            "mesh.drain-timeout", "aCallStillOwedWhenTheDrainTimesOutFailsWithTheDrainTimeout below; MeshDrainRegressionTest",
            "mesh.undeclared-dependency", "ExchangeBehaviour.onlyDeclaredDependenciesCanBeReached (a component's own call)",
            "mesh.hop-limit", "EventBehaviour (an event loop among components)",
            "mesh.bad-proxy", "ExchangeBehaviour.aProxyInterfaceWhoseMethodsDoNotReturnPromisesIsRefused",
            "mesh.bad-result", "ConversionTest, ExchangeBehaviour (a result a component's type cannot read)",
            "mesh.bad-payload", "EventBehaviour.aPayloadThatCannotBeDataIsRefusedWhenEmittedAndReachesNoOne",
            "mesh.too-many-subscriptions", "EventActionsTest.aSessionHoldsAtMostItsLimitOfEventSubscriptions (a thousand event.on frames)",
            "mesh.description", "not an error: the channel of describe's watch",
            "mesh.components", "not an error: the /health check that names failed components (FailedComponentRegressionTest)",
            "security.unavailable", "MeshFailsClosedTest (no OriginPermissions service in the framework)");

    private static final Pattern CODE = Pattern.compile("`(mesh\\.[a-z-]+)`");

    @TempDir
    static Path work;

    private static RuntimeProcess runtime;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        // HTTP has no per-call timeout: the mesh's default is made short enough for a row; the drain too
        Files.writeString(home.resolve("etc/io.switchboard.mesh.cfg"), "callTimeoutMillis = 1000\ndrainTimeoutMillis = 1000\n");
        port = FreePort.pick();
        runtime = RuntimeProcess.startWithExamples(home, port, RuntimeProcess.testEnv("core,edge")).awaitReady();
    }

    @AfterAll
    static void stop() {
        assertEquals(0, runtime.stop(), runtime.log());
        runtime.close();
    }

    @Test
    void everyRowGetsItsDocumentedCodeOverEachWayIn() {
        MeshHttp http = new MeshHttp(port);
        List<String> wrong = new ArrayList<>();
        try (MeshWire wire = MeshWire.open(port)) {
            for (Row row : ROWS) {
                if (row.frame() != null) {
                    JsonNode answer = wire.send(row.frame());
                    String code = answer.path("error").path("code").asText("(ok)");
                    if (!code.equals(row.code())) {
                        wrong.add("WS " + row.frame() + " -> " + answer);
                    }
                }
                if (row.httpPath() != null) {
                    MeshHttp.Answer answer = http.post(row.httpPath(), row.httpBody());
                    if (!row.code().equals(answer.code()) || answer.status() != row.status()) {
                        wrong.add("HTTP " + row.httpPath() + " -> " + answer.status() + " " + abbreviated(answer.body()));
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyDocumentedMeshCodeHasARowOrATestElsewhere() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Path document : List.of(Path.of("..", "docs", "protocol.md"), Path.of("..", "bundles", "mesh", "README.md"))) {
            Matcher codes = CODE.matcher(Files.readString(document));
            while (codes.find()) {
                documented.add(codes.group(1));
            }
        }
        documented.add("security.unavailable");
        assertTrue(documented.size() > 10, "the documents were read: " + documented);
        Set<String> covered = new TreeSet<>(ELSEWHERE.keySet());
        ROWS.forEach(row -> covered.add(row.code()));
        Set<String> uncovered = new TreeSet<>(documented);
        uncovered.removeAll(covered);
        assertEquals(Set.of(), uncovered, "documented, but neither provoked here nor tested elsewhere");
    }

    @Test
    void aCallStillOwedWhenTheDrainTimesOutFailsWithTheDrainTimeout() throws Exception {
        MeshHttp http = new MeshHttp(port);
        Path jar = runtime.deploy().resolve("device-manager-1.0.0.jar");
        byte[] copy = Files.readAllBytes(jar);
        try (MeshWire wire = MeshWire.open(port)) {
            wire.sendRaw("{\"id\":77," + CALL + "\"method\":\"nextReading\",\"args\":[\"door-1\",20000],\"options\":{\"timeoutMillis\":60000}}");
            Files.delete(jar);
            JsonNode owed = wire.nextAnswer();
            assertEquals(77, owed.path("id").asInt(), owed.toString());
            assertEquals("mesh.drain-timeout", MeshWire.errorCode(owed));
        } finally {
            Files.write(jar.resolveSibling("device-manager-1.0.0.jar.part"), copy);
            Files.move(jar.resolveSibling("device-manager-1.0.0.jar.part"), jar);
            Await.until("deviceManager is back", Duration.ofSeconds(30), () -> http.call("deviceManager", "version", null).status() == 200);
        }
    }

    private static String abbreviated(JsonNode body) {
        String text = body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    @Test
    void noMessageOfTheseErrorsNamesAJavaClass() {
        MeshHttp http = new MeshHttp(port);
        for (Row row : ROWS) {
            if (row.httpPath() != null && !row.code().equals("mesh.too-large")) {
                String message = http.post(row.httpPath(), row.httpBody()).body().path("error").path("message").asText();
                assertFalse(message.contains("Exception") || message.contains("io.switchboard.") || message.contains("java."),
                        row.code() + ": " + message);
            }
        }
    }
}
