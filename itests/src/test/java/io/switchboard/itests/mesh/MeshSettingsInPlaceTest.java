package io.switchboard.itests.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * Issue 11 item 14: writing etc/io.switchboard.mesh.cfg, even with its default values, stopped and
 * restarted every component (their in-memory state lost) and some concurrent calls got Jetty's
 * HTML 404. Replayed as an operator does it, with calls running all along.
 */
class MeshSettingsInPlaceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void writingTheMeshConfigurationKeepsEveryComponentAndEveryCallGetsJson() throws Exception {
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.startWithExamples(work.resolve("home"), port, RuntimeProcess.testEnv("core,edge"))
                .awaitReady()) {
            MeshHttp http = new MeshHttp(port);
            assertEquals(200, http.call("deviceManager", "update", null, Map.of("deviceId", "thermostat-1", "value", 99)).status());
            Await.until("customerNotifier sent its SMS", WAIT, () -> http.call("customerNotifier", "sent", null).body().size() == 1);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger calls = new AtomicInteger();
            List<String> failed = new CopyOnWriteArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread caller = new Thread(() -> {
                    MeshHttp mine = new MeshHttp(port);
                    while (running.get()) {
                        try {
                            MeshHttp.Answer answer = mine.call("deviceManager", "version", null);
                            if (answer.status() != 200) {
                                failed.add(answer.status() + " " + answer.body());
                            }
                        } catch (RuntimeException e) { // not JSON (an HTML error page), or no answer at all
                            failed.add(e.toString());
                        }
                        calls.incrementAndGet();
                    }
                });
                caller.start();
                callers.add(caller);
            }
            Path config = runtime.home().resolve("etc/io.switchboard.mesh.cfg");
            try {
                Await.until("calls run", WAIT, () -> calls.get() > 200);
                Files.writeString(config, "callTimeoutMillis = 30000\ndrainTimeoutMillis = 10000\n"); // the defaults
                int afterDefaults = calls.get();
                Await.until("calls go on", WAIT, () -> calls.get() > afterDefaults + 200);
                Files.writeString(config, "callTimeoutMillis = 20000\nhopLimit = 12\neventThreads = 3\nmaxBodyBytes = 65536\n");
                Await.until("the change is applied in place", WAIT, () -> runtime.log().contains("mesh settings changed in place"));
                int afterChange = calls.get();
                Await.until("calls go on", WAIT, () -> calls.get() > afterChange + 200);
            } finally {
                running.set(false);
                for (Thread caller : callers) {
                    caller.join();
                }
            }
            assertEquals(List.of(), failed, "every one of " + calls.get() + " calls was answered, with JSON");
            assertEquals(1, http.call("customerNotifier", "sent", null).body().size(), "customerNotifier kept its state: it never restarted");
            String log = runtime.log();
            assertFalse(log.contains("deviceManager@1.0.0 stopped") || log.contains("customerNotifier@1.0.0 stopped"), log);
            assertTrue(log.contains("callTimeoutMillis 30000 -> 20000") && log.contains("hopLimit 10 -> 12"), log);
            assertEquals(413, http.post("/api/exchange/deviceManager/device", "[\"" + "x".repeat(70_000) + "\"]").status(),
                    "the servlet took maxBodyBytes in place too");

            // The one setting that cannot change in place: the node's name, part of every instance's id.
            Files.writeString(config, "node = renamed\n");
            Await.until("the restart is announced", WAIT, () -> runtime.log().contains("every component is drained, stopped and started again"));
            Await.until("the components run again under the new name", WAIT, () -> http.description().body().toString().contains("\"renamed\""));
            Await.until("customerNotifier runs again", WAIT, () -> http.call("customerNotifier", "sent", null).status() == 200);
        }
    }
}
