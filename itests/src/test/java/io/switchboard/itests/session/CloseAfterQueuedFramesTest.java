package io.switchboard.itests.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RawWebSocket.Frame;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * A close the server starts is written after the frames already queued for that client: a client
 * closed for flooding reads every {@code session.rate-limited} answer before the close, and one
 * closed for a binary frame reads the answers to what it sent before it. Requests run on the inbound
 * queue's threads (no direct dispatch), so the answers are still queued when the close is decided.
 */
class CloseAfterQueuedFramesTest {

    private static final int RATE = 50;
    private static final int BURST = 100;
    private static final int PINGS = 300;

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge")
            .withEtc("io.switchboard.session.cfg", "rate.limit = " + RATE + "\nrate.burst = " + BURST + "\ndispatch.direct = false\n");

    private static RawWebSocket handshaken() {
        RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
        ws.sendText("{\"id\":\"handshake\",\"action\":\"handshake\"}");
        assertTrue(WireClient.json(ws.readText()).has("result"));
        return ws;
    }

    /** The frames up to and including the close (or the last one read, should the server stop answering). */
    private static List<Frame> untilClose(RawWebSocket ws) {
        List<Frame> frames = new ArrayList<>();
        Frame frame;
        do {
            frame = ws.readAnswering();
            frames.add(frame);
        } while (frame.opcode() == RawWebSocket.TEXT);
        return frames;
    }

    @Test
    void aFlooderReadsEveryRefusalBeforeTheRateLimitClose() {
        try (RawWebSocket ws = handshaken()) {
            List<String> pings = new ArrayList<>();
            for (int i = 0; i < PINGS; i++) {
                pings.add("{\"id\":" + i + ",\"action\":\"ping\"}");
            }
            ws.sendTexts(pings);

            List<Frame> frames = untilClose(ws);
            Frame close = frames.remove(frames.size() - 1);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(4029, close.closeCode(), close.text());
            // every ping before the one that closed the session is answered (admitted ones on the inbound
            // queue's threads, refusals at once, so not in order): a pong or a refusal
            TreeMap<Integer, Boolean> refusedById = new TreeMap<>();
            for (Frame frame : frames) {
                JsonNode answer = WireClient.json(frame.text());
                boolean refusal = "session.rate-limited".equals(answer.path("error").path("code").asText());
                assertTrue(refusal || "pong".equals(answer.path("result").asText()), answer.toString());
                refusedById.put(answer.path("id").asInt(), refusal);
            }
            assertEquals(frames.size(), refusedById.size(), "one answer per ping");
            assertEquals(frames.size() - 1, refusedById.lastKey(), "no ping before the close is left unanswered: " + refusedById.keySet());
            assertTrue(frames.size() >= BURST, "the burst was admitted: " + frames.size() + " answers");
            List<Boolean> last = new ArrayList<>(refusedById.values()).subList(frames.size() - RATE, frames.size());
            assertEquals(List.of(), last.stream().filter(refusal -> !refusal).toList(),
                    "the " + RATE + " refusals in a row that led to the close all arrived before it");
        }
    }

    @Test
    void aClientClosedForABinaryFrameReadsTheAnswersToWhatItSentBefore() {
        try (RawWebSocket ws = handshaken()) {
            List<String> pings = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pings.add("{\"id\":" + i + ",\"action\":\"ping\"}");
            }
            ws.sendTexts(pings);
            ws.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});

            List<Frame> frames = untilClose(ws);
            Frame close = frames.remove(frames.size() - 1);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1003, close.closeCode(), close.text());
            assertEquals(50, frames.size(), "every pong before the close");
        }
    }
}
