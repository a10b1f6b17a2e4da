package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * The browser client in real headless Chromium: a page loads /api/client.js from the runtime,
 * subscribes, receives a publication made by the Java client, calls deviceManager and hears its
 * alert, is told when the mesh description changes, and survives a server restart.
 * itests/browser/install.sh installs Chromium and playwright-core when they are missing.
 */
class BrowserClientTest {

    private static final Map<String, String> ENV = RuntimeProcess.testEnv("core,edge");
    private static final Path BROWSER = Path.of("browser").toAbsolutePath();

    @TempDir
    Path work;

    /** The page, driven by itests/browser/driver.mjs over stdin and stdout. */
    private static final class Page implements AutoCloseable {
        private final Process process;
        private final PrintWriter commands;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Page(int port) throws IOException {
            process = new ProcessBuilder("node", "driver.mjs", Integer.toString(port)).directory(BROWSER.toFile())
                    .redirectErrorStream(true).start();
            commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException e) {
                    lines.add("ERROR driver output: " + e);
                }
            }, "browser-driver-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line that starts with the prefix; driver errors fail the test with their message. */
        String expect(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("the browser driver said no '" + prefix + "' within " + timeout.toSeconds() + " s");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith("ERROR")) {
                    throw new AssertionError("the browser driver failed: " + line);
                }
            }
        }

        String ask(String command, String answerPrefix) throws InterruptedException {
            commands.println(command);
            return expect(answerPrefix, Duration.ofSeconds(40));
        }

        @Override
        public void close() throws InterruptedException {
            commands.println("quit");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static <T> T await(Promise<T> promise) throws Exception {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static void install() throws Exception {
        Process install = new ProcessBuilder("bash", "install.sh").directory(BROWSER.toFile()).redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, install.waitFor(), "itests/browser/install.sh failed:\n" + output);
    }

    @Test
    void aPageSubscribesReceivesAJavaPublicationAndSurvivesARestart() throws Exception {
        install();
        int port = FreePort.pick();
        Path home = work.resolve("home");
        ClientOptions javaClient = ClientOptions.to(URI.create("ws://127.0.0.1:" + port + "/api/ws"));
        ObjectMapper json = new ObjectMapper();
        RuntimeProcess first = RuntimeProcess.startWithExamples(home, port, ENV).awaitReady();
        try (Page page = new Page(port)) {
            page.expect("READY", Duration.ofSeconds(60));
            try (SwitchboardClient writer = await(SwitchboardClient.connect(javaClient))) {
                await(writer.set("/browser/a", json.createObjectNode().put("from", "java")));
            }
            assertEquals("EVENT /browser/a", page.ask("await-event /browser/a", "EVENT"));
            assertTrue(page.ask("describe", "DESCRIBE").contains("deviceManager@1.0.0"));
            String result = page.ask("update thermostat-1 99", "RESULT");
            assertEquals(99.0, json.readTree(result.substring("RESULT ".length())).get("value").asDouble(), result);
            assertEquals("ALERT thermostat-1 deviceManager@1.0.0", page.ask("await-alert thermostat-1", "ALERT"));

            assertEquals(0, first.stop());
            try (RuntimeProcess second = RuntimeProcess.startWithExamples(home, port, ENV).awaitReady()) {
                String reconnected = page.ask("await-connection reconnected", "CONNECTION");
                assertTrue(reconnected.contains("missed"), reconnected);
                try (SwitchboardClient writer = await(SwitchboardClient.connect(javaClient))) {
                    await(writer.set("/browser/b", json.createObjectNode().put("from", "java")));
                }
                assertEquals("EVENT /browser/b", page.ask("await-event /browser/b", "EVENT"));
                page.ask("update door-1 1", "RESULT");
                assertEquals("ALERT door-1 deviceManager@1.0.0", page.ask("await-alert door-1", "ALERT"), "the event subscription was restored");
                java.nio.file.Files.copy(io.switchboard.itests.support.Distribution.example("device-manager-1.1.0.jar"),
                        second.deploy().resolve("device-manager-1.1.0.jar"));
                assertEquals("DESCRIPTION 1.1.0", page.ask("await-description 1.1.0", "DESCRIPTION"), "the watch was restored");
                second.stop();
            }
        } finally {
            first.close();
        }
    }
}
