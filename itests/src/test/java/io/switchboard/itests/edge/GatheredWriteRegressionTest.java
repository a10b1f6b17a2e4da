package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.WireClient;

/**
 * Answers and publications leave in runs, one gathered socket write per run. A client that goes
 * away while such a run is being written makes the write fail part-way: that closes its session
 * only; the other clients keep every frame, in order, and the server keeps serving.
 */
class GatheredWriteRegressionTest {

    private static final int REQUESTS = 300;
    private static final int EVENTS = 500;

    @TempDir
    Path work;

    @Test
    void aRunThatFailsPartWayClosesThatSessionOnly() throws IOException {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.switchboard.session.cfg"), "rate.limit = 0\n");
        Files.writeString(home.resolve("etc/io.switchboard.data.memory.cfg"), "switchboard.data.patterns = /gather/**\n");
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(home, port, RuntimeProcess.testEnv("core,edge")).awaitReady();
             WireClient steady = WireClient.connect(port);
             WireClient writer = WireClient.connect(port)) {
            steady.ok("on", WireClient.object().put("path", "/gather/**"));
            String padding = "x".repeat(8_000);
            try (RawWebSocket leaving = RawWebSocket.connect(port, "/api/ws", "switchboard.v1")) {
                List<String> burst = new ArrayList<>();
                burst.add("{\"id\":0,\"action\":\"handshake\",\"client\":\"leaving\"}");
                burst.add("{\"id\":1,\"action\":\"on\",\"path\":\"/gather/**\"}");
                for (int i = 0; i < REQUESTS; i++) { // pipelined: their answers and publications leave in runs
                    burst.add("{\"id\":" + (i + 2) + ",\"action\":\"set\",\"path\":\"/gather/l" + (i % 10)
                            + "\",\"data\":{\"i\":" + i + ",\"padding\":\"" + padding + "\"}}");
                }
                leaving.sendTexts(burst);
            } // gone without reading: the server's runs to it fail part-way
            int lastFromLeaving = -1;
            for (int i = 0; i < EVENTS; i++) {
                ObjectNode set = WireClient.object().put("path", "/gather/w" + (i % 10));
                set.putObject("data").put("i", i).put("padding", padding);
                writer.ok("set", set);
                JsonNode event = steady.publication().get("event");
                while (event.get("path").asText().startsWith("/gather/l")) { // what the leaving client set before it went
                    int from = event.get("data").get("i").asInt();
                    assertTrue(from > lastFromLeaving, "the leaving client's changes arrive in order, once");
                    lastFromLeaving = from;
                    event = steady.publication().get("event");
                }
                assertEquals(i, event.get("data").get("i").asInt(), "every event, in order");
            }
            try (WireClient later = WireClient.connect(port)) {
                assertEquals("pong", later.ok("ping", WireClient.object()).asText(), "the server still takes new clients");
            }
            assertEquals(200, runtime.http().get("/health").statusCode());
            assertEquals(0, runtime.stop());
        }
    }
}
