package io.switchboard.itests.mesh;

import static io.switchboard.itests.mesh.MeshWire.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * Issue 11 item 13, from outside: a call that already failed with {@code mesh.timeout} held back the
 * removal of deviceManager for the whole drain timeout ("1 still running" though nothing ran); an
 * answer still owed when the drain times out fails with {@code mesh.drain-timeout}. Replayed with
 * deviceManager's long poll ({@code nextReading}) over raw frames, and deploy/ as an operator uses it.
 */
class MeshDrainRegressionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DRAIN_LINE = "deviceManager@1.0.0 stopped with work unfinished";

    @TempDir
    Path work;

    @Test
    void aTimedOutCallDoesNotHoldTheStopBackAndAnAnswerStillOwedFailsWithTheDrainTimeout() throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.switchboard.mesh.cfg"), "drainTimeoutMillis = 3000\n");
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.startWithExamples(home, port, RuntimeProcess.testEnv("core,edge")).awaitReady();
                MeshWire wire = MeshWire.open(port)) {
            Path jar = runtime.deploy().resolve("device-manager-1.0.0.jar");
            MeshHttp http = new MeshHttp(port);
            String longPoll = "\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"nextReading\",\"args\":[\"door-1\",30000]";

            assertEquals("mesh.timeout", errorCode(wire.send(longPoll + ",\"options\":{\"timeoutMillis\":200}")));
            Files.delete(jar);
            Await.until("deviceManager stopped", WAIT, () -> runtime.log().contains("deviceManager@1.0.0 stopped"));
            assertFalse(runtime.log().contains(DRAIN_LINE), "the stop waited for an answer nobody waited for:\n" + runtime.log());

            Files.copy(Distribution.deployed("device-manager-1.0.0.jar"), jar);
            Await.until("deviceManager runs again", WAIT, () -> http.call("deviceManager", "version", null).status() == 200);
            int id = 9_001;
            wire.sendRaw("{\"id\":" + id + "," + longPoll + ",\"options\":{\"timeoutMillis\":60000}}");
            Files.delete(jar);
            JsonNode owed = wire.nextAnswer();
            assertEquals(id, owed.path("id").asInt(), owed.toString());
            assertEquals("mesh.drain-timeout", errorCode(owed));
            String warning = Await.until("the drain's warning", WAIT, () -> runtime.log().lines()
                    .filter(line -> line.contains(DRAIN_LINE)).findFirst().orElse(null));
            assertTrue(warning.contains("1 pending answer(s) failed with mesh.drain-timeout"), warning);
        }
    }
}
