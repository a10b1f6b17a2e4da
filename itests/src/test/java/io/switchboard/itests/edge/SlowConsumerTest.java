package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.WireClient;

/**
 * A client that stops reading its socket is disconnected once its unsent publications pass
 * outbound.max.bytes, while a client that reads keeps getting every event and the writer is not slowed.
 */
class SlowConsumerTest {

    private static final int EVENTS = 3_000;

    @TempDir
    Path work;

    @Test
    void aClientThatDoesNotReadIsDisconnectedAndTheOthersAreUnaffected() throws IOException {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.switchboard.session.cfg"), "outbound.max.bytes = 262144\nrate.limit = 0\n");
        Files.writeString(home.resolve("etc/io.switchboard.data.memory.cfg"), "switchboard.data.patterns = /slow/**\n");
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(home, port,
                RuntimeProcess.testEnv("core,edge")).awaitReady();
             RawWebSocket slow = RawWebSocket.connect(port, "/api/ws", null);
             WireClient fast = WireClient.connect(port);
             WireClient writer = WireClient.connect(port)) {
            slow.sendText("{\"id\":0,\"action\":\"handshake\",\"client\":\"slow\"}");
            slow.sendText("{\"id\":1,\"action\":\"on\",\"path\":\"/slow/**\"}");
            // From here on the slow client never reads again.
            fast.ok("on", WireClient.object().put("path", "/slow/**"));

            String padding = "x".repeat(10_000);
            for (int i = 0; i < EVENTS; i++) {
                ObjectNode set = WireClient.object().put("path", "/slow/" + (i % 10));
                set.putObject("data").put("i", i).put("padding", padding);
                writer.ok("set", set);
                assertEquals(i, fast.publication().get("event").get("data").get("i").asInt(), "the reading client gets every event in order");
            }
            Await.until("the slow client is disconnected", Duration.ofSeconds(30),
                    () -> runtime.log().contains("client=\"slow\"") && runtime.log().contains("slow consumer: more than 262144 bytes unread"));
            assertEquals(200, runtime.http().get("/health").statusCode());
            assertEquals(0, runtime.stop());
        }
    }
}
