package io.switchboard.itests.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.switchboard.itests.support.ClientPromises.await;
import static io.switchboard.itests.support.ClientPromises.errorCode;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.client.ClientOptions;
import io.switchboard.client.ComponentEvent;
import io.switchboard.client.ComponentInfo;
import io.switchboard.client.ConnectionEvent;
import io.switchboard.client.EventSubscription;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/** The Java client's mesh API against the real distribution with the example components. */
class MeshJavaClientTest {

    private static final Map<String, String> ENV = RuntimeProcess.testEnv("core,edge");

    @TempDir
    Path work;

    private static ClientOptions options(int port) {
        return ClientOptions.to(URI.create("ws://127.0.0.1:" + port + "/api/ws")).withName("itest-mesh")
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)).withRequestTimeout(Duration.ofSeconds(10));
    }

    private static Map<String, Object> reading(String device, double value) {
        return Map.of("deviceId", device, "value", value);
    }

    @Test
    void callsWithOptionsAndTheirErrorsAndTheDescription() throws Exception {
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.startWithExamples(work.resolve("home"), port, ENV).awaitReady();
             SwitchboardClient client = await(SwitchboardClient.connect(options(port)))) {
            JsonNode updated = await(client.call("deviceManager", "update", List.of(reading("thermostat-1", 20))));
            assertEquals("thermostat-1", updated.get("deviceId").asText());
            assertEquals(20.0, updated.get("value").asDouble());
            assertEquals("1.0.0", await(client.call("deviceManager", "version", List.of(),
                    CallOptions.defaults().range("^1.0.0").roundRobin().timeout(Duration.ofSeconds(5)))).asText());
            assertEquals("1.0.0", await(client.call("deviceManager", "version", List.of(), CallOptions.defaults().sticky("site-1"))).asText());
            assertEquals(2, await(client.call("deviceManager", "devices", List.of())).size());

            assertEquals("mesh.no-matching-version", errorCode(client.call("deviceManager", "version", List.of(),
                    CallOptions.defaults().range("^9.0.0"))));
            assertEquals("mesh.no-matching-version", errorCode(client.call("nobody", "version", List.of())));
            assertEquals("mesh.method-not-found", errorCode(client.call("deviceManager", "fly", List.of())));
            assertEquals("mesh.bad-arguments", errorCode(client.call("deviceManager", "update", List.of("not a reading"))));
            assertEquals("devices.unknown-device", errorCode(client.call("deviceManager", "device", List.of("nope"))));

            List<ComponentInfo> components = await(client.describe());
            ComponentInfo deviceManager = components.stream().filter(c -> c.name().equals("deviceManager")).findFirst().orElseThrow();
            assertEquals("1.0.0", deviceManager.version());
            assertEquals("running", deviceManager.state());
            assertTrue(deviceManager.methods().contains("update(1)"), deviceManager.toString());
            assertEquals(List.of("alert"), deviceManager.events());
            runtime.stop();
        }
    }

    @Test
    void eventSubscriptionsAndTheDescriptionWatchSurviveAServerRestart() throws Exception {
        int port = FreePort.pick();
        Path home = work.resolve("home");
        RuntimeProcess first = RuntimeProcess.startWithExamples(home, port, ENV).awaitReady();
        try (SwitchboardClient client = await(SwitchboardClient.connect(options(port)))) {
            BlockingQueue<ConnectionEvent> connection = new LinkedBlockingQueue<>();
            client.onConnectionEvent(connection::add);
            BlockingQueue<ComponentEvent> alerts = new LinkedBlockingQueue<>();
            EventSubscription subscription = await(client.onEvent("deviceManager", "alert", "^1.0.0", alerts::add));
            BlockingQueue<List<ComponentInfo>> descriptions = new LinkedBlockingQueue<>();
            List<ComponentInfo> now = await(client.onDescriptionChange(descriptions::add));
            assertTrue(now.stream().anyMatch(c -> c.name().equals("deviceManager")), now.toString());

            await(client.call("deviceManager", "update", List.of(reading("thermostat-1", 45))));
            ComponentEvent alert = alerts.poll(10, TimeUnit.SECONDS);
            assertEquals("deviceManager", alert.component());
            assertEquals("1.0.0", alert.version());
            assertEquals("alert", alert.event());
            assertEquals(45.0, alert.data().get("value").asDouble());

            assertEquals(0, first.stop());
            assertEquals(ConnectionEvent.Type.DISCONNECTED, connection.poll(20, TimeUnit.SECONDS).type());
            assertEquals("client.disconnected", errorCode(client.call("deviceManager", "version", List.of())));

            try (RuntimeProcess second = RuntimeProcess.startWithExamples(home, port, ENV).awaitReady()) {
                assertEquals(ConnectionEvent.Type.RECONNECTED, connection.poll(30, TimeUnit.SECONDS).type());
                await(client.call("deviceManager", "update", List.of(reading("door-1", 1))));
                ComponentEvent restored = alerts.poll(10, TimeUnit.SECONDS);
                assertEquals("door-1", restored.data().get("deviceId").asText(), "the restored subscription delivers");

                descriptions.clear();
                Path jar = second.deploy().resolve("device-manager-1.1.0.jar");
                Files.copy(Distribution.example("device-manager-1.1.0.jar"), jar);
                List<ComponentInfo> changed;
                do {
                    changed = descriptions.poll(20, TimeUnit.SECONDS);
                    assertTrue(changed != null, "a description change notice after 1.1.0 was deployed");
                } while (changed.stream().noneMatch(c -> c.version().equals("1.1.0") && c.state().equals("running")));

                subscription.close();
                assertEquals(false, subscription.isActive());
                await(client.call("deviceManager", "update", List.of(reading("door-1", 2))));
                assertEquals(null, alerts.poll(300, TimeUnit.MILLISECONDS), "nothing after close");
                second.stop();
            }
        } finally {
            first.close();
        }
    }
}
