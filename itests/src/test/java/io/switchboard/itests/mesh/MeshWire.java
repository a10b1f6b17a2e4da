package io.switchboard.itests.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.itests.support.RawWebSocket;

/**
 * A switchboard.v1 session spoken frame by frame, with answers and publications read into two
 * queues, so a test can wait for either without caring how they interleave.
 */
final class MeshWire implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final RawWebSocket ws;
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> publications = new LinkedBlockingQueue<>();
    private int nextId = 100;

    private MeshWire(RawWebSocket ws) {
        this.ws = ws;
        BlockingQueue<RawWebSocket.Frame> frames = ws.readInBackground();
        Thread sorter = new Thread(() -> {
            try {
                while (true) {
                    RawWebSocket.Frame frame = frames.take();
                    if (frame.opcode() != RawWebSocket.TEXT) {
                        return;
                    }
                    JsonNode message = JSON.readTree(frame.text());
                    (message.has("publication") ? publications : answers).add(message);
                }
            } catch (InterruptedException | IOException e) {
                // the test is over
            }
        }, "mesh-wire-sorter");
        sorter.setDaemon(true);
        sorter.start();
    }

    /** Connects and does the handshake. */
    static MeshWire open(int port) {
        MeshWire wire = new MeshWire(RawWebSocket.connect(port, "/api/ws", "switchboard.v1"));
        JsonNode welcome = wire.request("{\"id\":0,\"action\":\"handshake\",\"client\":\"itest-mesh\"}");
        assertTrue(welcome.path("ok").asBoolean(), welcome.toString());
        return wire;
    }

    /** Sends a frame without waiting for its answer (read it with {@link #nextAnswer()}). */
    void sendRaw(String frame) {
        ws.sendText(frame);
    }

    /** Sends a frame and returns the next answer. */
    JsonNode request(String frame) {
        ws.sendText(frame);
        return nextAnswer();
    }

    /** Sends a request with a fresh id (the frame's other fields as given, e.g. {@code "action":"ping"}). */
    JsonNode send(String fields) {
        int id = nextId++;
        JsonNode answer = request("{\"id\":" + id + "," + fields + "}");
        assertEquals(id, answer.path("id").asInt(), answer.toString());
        return answer;
    }

    JsonNode nextAnswer() {
        return poll(answers, "an answer");
    }

    JsonNode nextPublication() {
        return poll(publications, "a publication");
    }

    /** The next answer within a short time, or null: for showing that one has not come yet. */
    JsonNode answerWithin(long millis) {
        return within(answers, millis);
    }

    /** The next publication within a short time, or null: for showing that nothing more arrives. */
    JsonNode publicationWithin(long millis) {
        return within(publications, millis);
    }

    private static JsonNode within(BlockingQueue<JsonNode> queue, long millis) {
        try {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode poll(BlockingQueue<JsonNode> queue, String what) {
        try {
            JsonNode next = queue.poll(20, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " within 20 s");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode result(JsonNode answer) {
        assertTrue(answer.path("ok").asBoolean(), answer.toString());
        return answer.get("result");
    }

    static String errorCode(JsonNode answer) {
        assertEquals(false, answer.path("ok").asBoolean(), answer.toString());
        return answer.path("error").path("code").asText();
    }

    @Override
    public void close() {
        ws.close();
    }
}
