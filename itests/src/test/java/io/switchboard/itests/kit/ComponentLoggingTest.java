package io.switchboard.itests.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.itests.mesh.MeshHttp;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * A component's log as an operator reads and tunes it in the real distribution: its lines name the
 * component and its version, its level changes through etc/io.switchboard.logging.cfg while it
 * runs, and a call that crashes it is logged once, with the stack, under the id its caller gets.
 */
class ComponentLoggingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LEVELS = "component log levels: ";

    @TempDir
    static Path work;

    private static RuntimeProcess runtime;
    private static MeshHttp http;

    @BeforeAll
    static void start() {
        int port = FreePort.pick();
        runtime = RuntimeProcess.startWithExamples(work.resolve("home"), port, RuntimeProcess.testEnv("core")).awaitReady();
        http = new MeshHttp(port);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static void update(double value) {
        assertEquals(200, http.call("deviceManager", "update", null, Map.of("deviceId", "thermostat-1", "value", value)).status());
    }

    /** deviceManager logs each reading at DEBUG (DeviceManagerComponent.update). */
    private static List<String> debugLines(double value) {
        return runtime.log().lines().filter(line -> line.contains("deviceManager@1.0.0: reading of thermostat-1: " + value)).toList();
    }

    private static long levelLines(String levels) {
        return runtime.log().lines().filter(line -> line.endsWith(LEVELS + levels)).count();
    }

    @Test
    void aComponentsLevelChangesWhileItRunsAndItsLinesNameItAndItsVersion() throws Exception {
        update(21.5);
        assertEquals(List.of(), debugLines(21.5), "INFO until told otherwise");

        Path levels = runtime.home().resolve("etc/io.switchboard.logging.cfg");
        Files.writeString(levels, "level.deviceManager = DEBUG\n");
        Await.until("the new level is applied", WAIT, () -> levelLines("INFO by default, deviceManager DEBUG") == 1);
        update(22.5);
        List<String> shown = debugLines(22.5);
        assertEquals(1, shown.size(), runtime.log());
        assertTrue(shown.get(0).matches(".* DEBUG deviceManager - deviceManager@1\\.0\\.0: reading of thermostat-1: 22\\.5"), shown.get(0));

        long defaults = levelLines("INFO by default");
        Files.delete(levels);
        Await.until("the configuration is gone", WAIT, () -> levelLines("INFO by default") == defaults + 1);
        update(23.5);
        assertEquals(List.of(), debugLines(23.5), "back to INFO, still without a restart");
    }

    @Test
    void aCalleesCrashIsLoggedOnceWithItsStackUnderTheIdItsCallerGets() {
        MeshHttp.Answer crashed = http.post("/api/exchange/deviceManager/update", "[null]");
        assertEquals("mesh.callee-failed", crashed.code());
        Matcher id = Pattern.compile("error id (e-[0-9a-f]{12})").matcher(crashed.body().path("error").path("message").asText());
        assertTrue(id.find(), crashed.body().toString());

        List<String> lines = runtime.log().lines().toList();
        List<Integer> logged = java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(id.group(1))).boxed().toList();
        assertEquals(1, logged.size(), "logged once:\n" + runtime.log());
        String line = lines.get(logged.get(0));
        assertTrue(line.contains("deviceManager@1.0.0 update failed"), line);
        assertTrue(lines.get(logged.get(0) + 1).contains("NullPointerException"), "then the exception");
        assertTrue(lines.subList(logged.get(0) + 1, Math.min(lines.size(), logged.get(0) + 40)).stream()
                .anyMatch(frame -> frame.matches("\\s+at io\\.switchboard\\.examples\\.devicemanager\\.DeviceManagerComponent\\.update\\(.*")),
                "and its stack:\n" + runtime.log());
        assertFalse(crashed.body().toString().contains("NullPointerException"), "the caller is not told what the log says");
    }
}
