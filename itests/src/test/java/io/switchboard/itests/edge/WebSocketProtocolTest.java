package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.RawWebSocket.Frame;

/**
 * The switchboard.v1 protocol over /api/ws, spoken frame by frame against the real distribution,
 * with small limits configured through etc/ so that every limit can be reached quickly.
 */
class WebSocketProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FRAME = 4096;

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge")
            .withEtc("io.switchboard.transport.cfg", "max.frame.bytes = " + MAX_FRAME + "\n")
            .withEtc("io.switchboard.session.cfg",
                    "handshake.timeout = 1000\nheartbeat.interval = 200\nheartbeat.missed = 2\nrate.limit = 50\nrate.burst = 100\n");

    private static RawWebSocket handshaken() {
        RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
        ws.sendText("{\"id\":0,\"action\":\"handshake\",\"client\":\"itest\"}");
        JsonNode welcome = json(ws.readText());
        assertTrue(welcome.get("ok").asBoolean(), welcome.toString());
        return ws;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String errorCode(JsonNode answer) {
        assertEquals(false, answer.get("ok").asBoolean(), answer.toString());
        return answer.get("error").get("code").asText();
    }

    @Test
    void theHandshakeNamesTheSessionProtocolAndHeartbeat() {
        try (RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null)) {
            ws.sendText("{\"id\":\"h\",\"action\":\"handshake\",\"client\":\"itest\"}");
            JsonNode welcome = json(ws.readText());
            assertEquals("h", welcome.get("id").asText());
            JsonNode result = welcome.get("result");
            assertEquals("switchboard.v1", result.get("protocol").asText());
            assertTrue(result.get("session").asText().length() >= 20);
            assertEquals(200, result.get("heartbeat").get("intervalMillis").asInt());
        }
        Await.until("the session start is logged", Duration.ofSeconds(10), () -> RUNTIME.process().log().contains("session.start id="));
    }

    @Test
    void anUnknownSubprotocolIsRefusedAtTheUpgrade() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RawWebSocket.connect(RUNTIME.port(), "/api/ws", "happn.v9"));
        assertTrue(refused.getMessage().contains("400"), refused.getMessage());
    }

    @Test
    void requestsBeforeTheHandshakeAreRefused() {
        try (RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1")) {
            ws.sendText("{\"id\":1,\"action\":\"ping\"}");
            assertEquals("session.no-handshake", errorCode(json(ws.readText())));
        }
    }

    @Test
    void pingAnswersPongAndAnswersKeepRequestOrder() {
        try (RawWebSocket ws = handshaken()) {
            for (int i = 1; i <= 50; i++) {
                ws.sendText("{\"id\":" + i + ",\"action\":\"ping\"}");
            }
            for (int i = 1; i <= 50; i++) {
                JsonNode answer = json(ws.readText());
                assertEquals(i, answer.get("id").asInt());
                assertEquals("pong", answer.get("result").asText());
            }
        }
    }

    @Test
    void badRequestsGetDistinctErrorsAndTheSessionGoesOn() {
        try (RawWebSocket ws = handshaken()) {
            ws.sendText("{not json");
            JsonNode malformed = json(ws.readText());
            assertEquals("protocol.malformed", errorCode(malformed));
            assertTrue(malformed.get("id").isNull());
            ws.sendText("{\"action\":\"ping\"}");
            assertEquals("protocol.missing-field", errorCode(json(ws.readText())));
            ws.sendText("{\"id\":2,\"action\":42}");
            assertEquals("protocol.wrong-type", errorCode(json(ws.readText())));
            ws.sendText("{\"id\":3,\"action\":\"teleport\"}");
            assertEquals("session.unknown-action", errorCode(json(ws.readText())));
            ws.sendText("{\"id\":4,\"action\":\"ping\"}");
            assertEquals("pong", json(ws.readText()).get("result").asText());
        }
    }

    @Test
    void aBinaryFrameClosesWithUnsupportedData() {
        try (RawWebSocket ws = handshaken()) {
            ws.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
            Frame frame = ws.readAnswering();
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(1003, frame.closeCode());
        }
    }

    @Test
    void aFrameOverTheLimitClosesWithMessageTooBig() {
        try (RawWebSocket ws = handshaken()) {
            ws.sendText("{\"id\":5,\"action\":\"ping\",\"pad\":\"" + "x".repeat(MAX_FRAME) + "\"}");
            Frame frame = ws.readAnswering();
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(1009, frame.closeCode());
        }
        try (RawWebSocket other = handshaken()) {
            other.sendText("{\"id\":6,\"action\":\"ping\"}");
            assertEquals("pong", json(other.readText()).get("result").asText(), "other sessions are unaffected");
        }
    }

    @Test
    void aConnectionThatNeverHandshakesIsClosed() {
        try (RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null)) {
            Frame frame = ws.readAnswering();
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(4001, frame.closeCode());
        }
    }

    @Test
    void aClientThatStopsAnsweringHeartbeatsIsDisconnectedAndOneThatAnswersStays() throws InterruptedException {
        try (RawWebSocket silent = handshaken(); RawWebSocket alive = handshaken()) {
            BlockingQueue<Frame> aliveFrames = alive.readInBackground();
            Frame frame;
            do {
                frame = silent.read(); // pings arrive and are never answered
            } while (frame.opcode() == RawWebSocket.PING);
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(4002, frame.closeCode());

            alive.sendText("{\"id\":7,\"action\":\"ping\"}");
            Frame answer = aliveFrames.poll(10, TimeUnit.SECONDS);
            assertEquals(RawWebSocket.TEXT, answer.opcode(), "the answering client is still connected");
            assertEquals("pong", json(answer.text()).get("result").asText());
        }
        Await.until("the session end is logged with its reason", Duration.ofSeconds(10),
                () -> RUNTIME.process().log().contains("heartbeats unanswered"));
    }

    @Test
    void aFloodIsRefusedWithACodeThenClosedAndOthersGoOn() throws InterruptedException {
        try (RawWebSocket flooder = handshaken(); RawWebSocket other = handshaken()) {
            BlockingQueue<Frame> frames = flooder.readInBackground();
            for (int i = 0; i < 400; i++) {
                flooder.sendText("{\"id\":" + i + ",\"action\":\"ping\"}");
            }
            boolean refused = false;
            Frame frame;
            while ((frame = frames.poll(10, TimeUnit.SECONDS)) != null && frame.opcode() == RawWebSocket.TEXT) {
                refused |= frame.text().contains("\"code\":\"session.rate-limited\"");
            }
            assertTrue(refused, "requests over the limit are answered with session.rate-limited");
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(4029, frame.closeCode());

            other.sendText("{\"id\":1,\"action\":\"ping\"}");
            assertEquals("pong", json(other.readText()).get("result").asText(), "other sessions are unaffected");
        }
    }
}
