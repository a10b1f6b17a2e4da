package io.switchboard.itests.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RawWebSocket.Frame;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * A close the server starts is written after the frames already queued for that client: a client
 * closed for flooding reads every {@code session.rate-limited} answer before the close, and so does
 * one closed for a binary frame. The refusals are queued on the session's outbound lane by the
 * thread that reads the frames; requests run on the inbound queue's threads and answers leave on
 * the outbound queue's (no direct dispatch), so the refusals are still queued when the close is
 * decided. (Requests not yet run when the session ends are not answered: only what is queued is.)
 */
class CloseAfterQueuedFramesTest {

    private static final int RATE = 50;
    private static final int BURST = 100;

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge")
            .withEtc("io.switchboard.session.cfg", "rate.limit = " + RATE + "\nrate.burst = " + BURST + "\ndispatch.direct = false\n");

    private static RawWebSocket handshaken() {
        RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
        ws.sendText("{\"id\":\"handshake\",\"action\":\"handshake\"}");
        assertTrue(WireClient.json(ws.readText()).has("result"));
        return ws;
    }

    private static List<String> pings(int count) {
        List<String> pings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pings.add("{\"id\":" + i + ",\"action\":\"ping\"}");
        }
        return pings;
    }

    /** The ids of the refusals read until the close, which it checks has {@code code}. */
    private static List<Integer> refusalsUntilClose(RawWebSocket ws, int code) {
        List<Integer> refused = new ArrayList<>();
        Frame frame;
        while ((frame = ws.readAnswering()).opcode() == RawWebSocket.TEXT) {
            JsonNode answer = WireClient.json(frame.text());
            if ("session.rate-limited".equals(answer.path("error").path("code").asText())) {
                refused.add(answer.path("id").asInt());
            } else {
                assertEquals("pong", answer.path("result").asText(), answer.toString());
            }
        }
        assertEquals(RawWebSocket.CLOSE, frame.opcode());
        assertEquals(code, frame.closeCode(), frame.text());
        Collections.sort(refused);
        return refused;
    }

    @Test
    void aFlooderReadsEveryRefusalBeforeTheRateLimitClose() {
        try (RawWebSocket ws = handshaken()) {
            ws.sendTexts(pings(300));

            List<Integer> refused = refusalsUntilClose(ws, 4029);

            // the session is closed at the refusal after 50 in a row: those 50 pings, one after the
            // other, were each answered before the close
            assertTrue(refused.size() >= RATE, "refusals before the close: " + refused);
            List<Integer> lastRun = refused.subList(refused.size() - RATE, refused.size());
            assertEquals(lastRun.get(0) + RATE - 1, lastRun.get(RATE - 1), "the " + RATE + " refusals in a row, none missing: " + lastRun);
        }
    }

    @Test
    void aClientClosedForABinaryFrameReadsTheRefusalsQueuedBeforeIt() {
        try (RawWebSocket ws = handshaken()) {
            int pings = BURST + RATE - 10; // past the burst, short of the refusals that close the session
            ws.sendTexts(pings(pings));
            ws.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});

            List<Integer> refused = refusalsUntilClose(ws, 1003);

            assertTrue(refused.size() >= 20, "the pings past the burst were refused: " + refused);
            assertEquals(pings - 1, refused.get(refused.size() - 1), "the refusal of the last ping before the binary frame came before the close");
        }
    }
}
