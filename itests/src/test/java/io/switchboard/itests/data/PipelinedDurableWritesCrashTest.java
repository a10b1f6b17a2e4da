package io.switchboard.itests.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.WireClient;

/**
 * The durability promise of the runtime's default store (the embedded MVStore, FSYNC) for a client
 * that pipelines its writes, so that they share commits: one connection sends a burst of sets and
 * then a burst of removes in raw frames, without waiting for answers, and the runtime is killed
 * ({@code kill -9}) as soon as the last answer arrives. After a restart every answered set is there
 * and every answered remove stays removed.
 */
class PipelinedDurableWritesCrashTest {

    private static final int WRITES = 200;

    @TempDir
    Path work;

    @Test
    void answeredPipelinedSetsAndRemovesOutliveAKill() {
        Path home = work.resolve("home");
        int port = FreePort.pick();
        try (RuntimeProcess first = RuntimeProcess.start(home, port, RuntimeProcess.testEnv("core,edge")).awaitReady();
             RawWebSocket socket = RawWebSocket.connect(port, "/api/ws", null)) {
            socket.sendText("{\"id\":0,\"action\":\"handshake\",\"client\":\"crash\"}");
            assertOk(WireClient.json(socket.readText()));

            List<String> sets = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                sets.add("{\"id\":" + (i + 1) + ",\"action\":\"set\",\"path\":\"/crash/" + i + "\",\"data\":{\"i\":" + i + "}}");
            }
            socket.sendTexts(sets);
            for (int i = 0; i < WRITES; i++) {
                assertOk(WireClient.json(socket.readText()));
            }

            List<String> removes = new ArrayList<>();
            for (int i = 0; i < WRITES; i += 2) {
                removes.add("{\"id\":" + (WRITES + i + 1) + ",\"action\":\"remove\",\"path\":\"/crash/" + i + "\"}");
            }
            socket.sendTexts(removes);
            for (int i = 0; i < removes.size(); i++) {
                JsonNode answer = WireClient.json(socket.readText());
                assertOk(answer);
                assertEquals(1, answer.path("result").path("removed").asInt(), "a remove removed nothing: " + answer);
            }
            first.close(); // SIGKILL at once: no shutdown hook, no close of the store
        }

        int secondPort = FreePort.pick();
        try (RuntimeProcess second = RuntimeProcess.start(home, secondPort, RuntimeProcess.testEnv("core,edge")).awaitReady();
             WireClient client = WireClient.connect(secondPort)) {
            for (int i = 0; i < WRITES; i++) {
                JsonNode item = client.ok("get", WireClient.object().put("path", "/crash/" + i));
                if (i % 2 == 0) {
                    assertTrue(item.isNull(), "/crash/" + i + " was removed (answered) and is back after the kill: " + item);
                } else {
                    assertEquals(i, item.path("data").path("i").asInt(-1), "/crash/" + i + " was set (answered) and is lost after the kill: " + item);
                }
            }
            assertEquals(0, second.stop());
        }
    }

    private static void assertOk(JsonNode answer) {
        assertTrue(answer.path("ok").asBoolean(), "a write failed: " + answer);
    }
}
