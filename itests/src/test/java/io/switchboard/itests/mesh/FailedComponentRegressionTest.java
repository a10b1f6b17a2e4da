package io.switchboard.itests.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.BrokenComponent;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * Issue 16, item 3, against the real distribution: a component whose class cannot be loaded no
 * longer disappears while its bundle shows Active: it is {@code failed} with its reason in
 * /api/mesh/description, /health says the runtime is DEGRADED and names it, and a call to it says
 * why it does not answer; so does a call to a component waiting for a dependency.
 */
class FailedComponentRegressionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private static JsonNode component(MeshHttp http, String name) {
        for (JsonNode component : http.description().body().get("components")) {
            if (component.get("name").asText().equals(name)) {
                return component;
            }
        }
        return null;
    }

    @Test
    void aComponentWhoseClassCannotBeLoadedIsFailedInTheDescriptionAndHealthAndItsCallersAreTold() throws Exception {
        int port = FreePort.pick();
        Map<String, String> env = RuntimeProcess.testEnv("core,edge,security");
        try (RuntimeProcess runtime = RuntimeProcess.startWithExamples(work.resolve("home"), port, env).awaitReady()) {
            Http http = runtime.http();
            assertEquals("UP", Http.json(http.get("/health")).get("status").asText());
            Path jar = BrokenComponent.deploy(runtime.deploy(), work);
            MeshHttp mesh = MeshHttp.loggedIn(port, "admin", "itest-secret");
            JsonNode broken = Await.until("brokenManager is described", WAIT, () -> component(mesh, BrokenComponent.NAME));
            assertEquals("failed", broken.get("state").asText(), broken.toString());
            String failure = broken.get("failure").asText();
            assertTrue(failure.startsWith("cannot be loaded: its class io.switchboard.itests.broken.Missing is missing or cannot be linked;"
                    + " the server's log has the details under error id e-"), failure);
            String errorId = failure.substring(failure.lastIndexOf("e-"));
            assertTrue(runtime.log().contains(errorId), "the log has the details under " + errorId);

            HttpResponse<String> health = http.get("/health");
            assertEquals(200, health.statusCode(), "a failed component degrades the runtime, it does not take it down");
            JsonNode report = Http.json(health);
            assertEquals("DEGRADED", report.get("status").asText(), health.body());
            assertEquals("mesh.components", report.get("degraded").get(0).get("name").asText());
            assertTrue(report.get("degraded").get(0).get("reason").asText().contains("brokenManager@1.0.0"), health.body());

            MeshHttp.Answer call = mesh.call(BrokenComponent.NAME, "anything", null);
            assertEquals("mesh.no-matching-version", call.code());
            assertTrue(call.body().toString().contains("brokenManager@1.0.0 failed: cannot be loaded"), call.body().toString());

            Files.delete(jar);
            Await.until("brokenManager is forgotten with its bundle", WAIT, () -> component(mesh, BrokenComponent.NAME) == null ? true : null);
            assertEquals("UP", Await.until("health is UP again", WAIT, () -> {
                String status = Http.json(http.get("/health")).get("status").asText();
                return status.equals("UP") ? status : null;
            }));
            assertEquals(0, runtime.stop());
        }
    }

    @Test
    void aCallToAComponentWaitingForADependencySaysWhatItWaitsFor() throws Exception {
        int port = FreePort.pick();
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("deploy"));
        Files.copy(Distribution.root().resolve("deploy").resolve("customer-notifier-1.0.0.jar"),
                home.resolve("deploy").resolve("customer-notifier-1.0.0.jar"));
        try (RuntimeProcess runtime = RuntimeProcess.start(home, port, RuntimeProcess.testEnv("core,edge,security")).awaitReady()) {
            MeshHttp mesh = MeshHttp.loggedIn(port, "admin", "itest-secret");
            JsonNode waiting = Await.until("customerNotifier waits", WAIT, () -> component(mesh, "customerNotifier"));
            assertEquals("waiting", waiting.get("state").asText());
            MeshHttp.Answer call = mesh.call("customerNotifier", "sent", null);
            assertEquals(404, call.status());
            assertEquals("mesh.no-matching-version", call.code());
            String message = call.body().path("error").path("message").asText();
            assertTrue(message.contains("customerNotifier@1.0.0 is waiting for deviceManager ^1.0.0"), message);
            assertFalse(message.contains("Exception"), message);
            assertEquals(0, runtime.stop());
        }
    }
}
