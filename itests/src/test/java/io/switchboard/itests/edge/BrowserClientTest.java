package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.itests.support.BrowserDriver;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * The browser client in real headless Chromium: a page loads /api/client.js from the runtime,
 * subscribes, receives a publication made by the Java client, calls deviceManager and hears its
 * alert, is told when the mesh description changes, and survives a server restart.
 * The page is itests/browser/driver.mjs, spoken to through {@link BrowserDriver}.
 */
class BrowserClientTest {

    private static final Map<String, String> ENV = RuntimeProcess.testEnv("core,edge");

    @TempDir
    Path work;

    private static <T> T await(Promise<T> promise) throws Exception {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void aPageSubscribesReceivesAJavaPublicationAndSurvivesARestart() throws Exception {
        BrowserDriver.install();
        int port = FreePort.pick();
        Path home = work.resolve("home");
        ClientOptions javaClient = ClientOptions.to(URI.create("ws://127.0.0.1:" + port + "/api/ws"));
        ObjectMapper json = new ObjectMapper();
        RuntimeProcess first = RuntimeProcess.startWithExamples(home, port, ENV).awaitReady();
        try (BrowserDriver page = new BrowserDriver("driver.mjs", Integer.toString(port))) {
            try {
                page.expect("READY", Duration.ofSeconds(60));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nthe runtime's log:\n" + first.log(), e);
            }
            try (SwitchboardClient writer = await(SwitchboardClient.connect(javaClient))) {
                await(writer.set("/browser/a", json.createObjectNode().put("from", "java")));
            }
            assertEquals("/browser/a", page.ask("await-event /browser/a", "EVENT"));
            assertTrue(page.ask("describe", "DESCRIBE").contains("deviceManager@1.0.0"));
            String result = page.ask("update thermostat-1 99", "RESULT");
            assertEquals(99.0, json.readTree(result).get("value").asDouble(), result);
            assertEquals("thermostat-1 deviceManager@1.0.0", page.ask("await-alert thermostat-1", "ALERT"));

            assertEquals(0, first.stop());
            try (RuntimeProcess second = RuntimeProcess.startWithExamples(home, port, ENV).awaitReady()) {
                String reconnected = page.ask("await-connection reconnected", "CONNECTION");
                assertTrue(reconnected.contains("missed"), reconnected);
                try (SwitchboardClient writer = await(SwitchboardClient.connect(javaClient))) {
                    await(writer.set("/browser/b", json.createObjectNode().put("from", "java")));
                }
                assertEquals("/browser/b", page.ask("await-event /browser/b", "EVENT"));
                page.ask("update door-1 1", "RESULT");
                assertEquals("door-1 deviceManager@1.0.0", page.ask("await-alert door-1", "ALERT"), "the event subscription was restored");
                java.nio.file.Files.copy(io.switchboard.itests.support.Distribution.example("device-manager-1.1.0.jar"),
                        second.deploy().resolve("device-manager-1.1.0.jar"));
                assertEquals("1.1.0", page.ask("await-description 1.1.0", "DESCRIPTION"), "the watch was restored");
                second.stop();
            }
        } finally {
            first.close();
        }
    }
}
