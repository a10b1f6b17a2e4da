package io.switchboard.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * switchboard.v1 over a raw WebSocket, for tests: sends requests with fresh ids and sorts what
 * comes back into answers and publications, keeping each in arrival order.
 */
public final class WireClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawWebSocket socket;
    private final BlockingQueue<RawWebSocket.Frame> frames;
    private final Deque<JsonNode> publications = new ArrayDeque<>();
    private final Deque<JsonNode> answers = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();

    private WireClient(RawWebSocket socket) {
        this.socket = socket;
        this.frames = socket.readInBackground();
    }

    public static WireClient connect(int port) {
        WireClient client = new WireClient(RawWebSocket.connect(port, "/api/ws", "switchboard.v1"));
        client.call("handshake", JSON.createObjectNode().put("client", "itest"));
        return client;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and returns its whole answer ({@code ok}, {@code result} or {@code error}). */
    public JsonNode call(String action, ObjectNode params) {
        long id = ids.incrementAndGet();
        ObjectNode request = params.deepCopy();
        request.put("id", id);
        request.put("action", action);
        socket.sendText(request.toString());
        while (true) {
            for (JsonNode answer : answers) {
                if (answer.path("id").asLong(-1) == id) {
                    answers.remove(answer);
                    return answer;
                }
            }
            take();
        }
    }

    /** The result of a request that must succeed. */
    public JsonNode ok(String action, ObjectNode params) {
        JsonNode answer = call(action, params);
        if (!answer.path("ok").asBoolean()) {
            throw new AssertionError(action + " failed: " + answer);
        }
        return answer.get("result");
    }

    /** The error code of a request that must fail. */
    public String error(String action, ObjectNode params) {
        JsonNode answer = call(action, params);
        if (answer.path("ok").asBoolean(true)) {
            throw new AssertionError(action + " should have failed: " + answer);
        }
        return answer.get("error").get("code").asText();
    }

    /** The next message that answers no request (an error with id null, such as a notice about a subscription). */
    public JsonNode notice() {
        while (true) {
            for (JsonNode answer : answers) {
                if (answer.path("id").isNull()) {
                    answers.remove(answer);
                    return answer;
                }
            }
            take();
        }
    }

    /** The next publication, waiting for it if needed. */
    public JsonNode publication() {
        while (publications.isEmpty()) {
            take();
        }
        return publications.poll();
    }

    /** Whether a publication arrives within the time given; for checking that none does. */
    public boolean publicationWithin(long millis) {
        if (!publications.isEmpty()) {
            return true;
        }
        try {
            RawWebSocket.Frame frame = frames.poll(millis, TimeUnit.MILLISECONDS);
            if (frame != null) {
                sort(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !publications.isEmpty();
    }

    private void take() {
        try {
            RawWebSocket.Frame frame = frames.poll(15, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("nothing from the server within 15 s");
            }
            sort(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void sort(RawWebSocket.Frame frame) {
        if (frame.opcode() == RawWebSocket.CLOSE) {
            throw new AssertionError("the server closed the connection: " + frame.closeCode());
        }
        JsonNode message = json(frame.text());
        (message.has("publication") ? publications : answers).add(message);
    }

    @Override
    public void close() {
        socket.close();
    }
}
