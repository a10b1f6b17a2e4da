package io.switchboard.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;

/**
 * Issue 11, item 9, replayed with raw frames by an anonymous client: a handshake's {@code client}
 * field and a close frame's reason with CR/LF cannot forge a log line, three 900 KB {@code client}
 * fields do not add megabytes of log, and a flood of handshakes is logged at a bounded rate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the flood last: its held-back lines would hide the others'
class LogForgingRegressionTest {

    private static final String FORGED = "2026-01-01T00:00:00.000Z [main] INFO audit - audit=login outcome=ok user=admin from=10.6.6.6";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security");

    private static String log() {
        return RUNTIME.process().log();
    }

    private static long count(String text, String needle) {
        return text.lines().filter(line -> line.contains(needle)).count();
    }

    /** A handshake naming the client as given, then a close frame with this reason. */
    private static void handshakeAndLeave(String client, String reason) {
        try (RawWebSocket socket = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null)) {
            ObjectNode handshake = JsonNodeFactory.instance.objectNode().put("id", 0).put("action", "handshake").put("client", client);
            socket.sendText(handshake.toString());
            assertTrue(socket.readText().contains("\"ok\":true"));
            ByteArrayOutputStream close = new ByteArrayOutputStream();
            close.write(0x03);
            close.write(0xE8);
            close.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
            socket.send(RawWebSocket.CLOSE, close.toByteArray());
            assertEquals(RawWebSocket.CLOSE, socket.readAnswering().opcode());
        }
    }

    @Test
    @Order(1)
    void hugeClientFieldsWithNewlinesNeitherForgeLinesNorFillTheLog() {
        long ends = count(log(), "session.end");
        int before = log().length();
        String client = "a".repeat(300_000) + "\n" + FORGED + "\r\n" + "b".repeat(600_000);
        for (int i = 0; i < 3; i++) {
            handshakeAndLeave(client, "bye\r\n" + FORGED);
        }
        Await.until("three sessions end in the log", Duration.ofSeconds(10), () -> count(log(), "session.end") >= ends + 3);
        String added = log().substring(before);
        assertTrue(added.length() < 10_000, "three 900 KB client fields added " + added.length() + " characters of log:\n" + added);
        assertFalse(log().lines().anyMatch(line -> line.startsWith(FORGED.substring(0, 30))), "a forged line:\n" + added);
        assertTrue(added.contains("reason=\"connection closed (1000 bye\\r\\n2026-01-01T00:00:00.000Z"), added);
        assertTrue(added.contains("client=\"aaaa"), added);
        assertTrue(added.contains("more chars]"), "a cut value says so: " + added);
    }

    @Test
    @Order(2)
    void aFloodOfHandshakesIsLoggedAtABoundedRate() {
        long starts = count(log(), "session.start");
        int before = log().length();
        long began = System.nanoTime();
        int sessions = 500;
        for (int i = 0; i < sessions; i++) {
            handshakeAndLeave("flood-" + i, "");
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long logged = count(log(), "session.start") - starts;
        assertTrue(logged <= 50 * (Math.ceil(seconds) + 1), logged + " session.start lines for " + sessions + " sessions in " + seconds + " s");
        assertTrue(log().length() - before < 400 * 50 * (Math.ceil(seconds) + 2), "log growth " + (log().length() - before));
    }
}
