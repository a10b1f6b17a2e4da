package io.switchboard.cluster.internal.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.cluster.internal.call.NotSendable;
import io.switchboard.cluster.internal.registry.DataRecord;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.StoredItem;

/**
 * Data events, pattern lists and their results as they cross between nodes, inside the link's
 * {@code CALL} and {@code RESULT} frames. A data payload starts with a kind byte that no call payload
 * starts with (a call is a JSON object, so it starts with <code>{</code>), which is how the link's
 * receiving side tells them apart ({@link LinkDispatch}).
 *
 * <pre>
 * event     'D', epoch (8 bytes), sequence (8 bytes), {"a": "set"|"remove", "p": path, "d": data, "c": created, "m": modified,
 *           "b": modifiedBy, "v": version, "k": consistency, "x": custom meta, "n": session, "t": [target sessions],
 *           "r": [removed paths], "s": stored}
 * patterns  'P', {"version": n, "patterns": [{"pattern", "events"}]}            (a DataRecord)
 * results   {"q": queued, "s": successful, "f": failed, "k": skipped, "a": acknowledged}
 * </pre>
 */
final class DataCodec {

    static final byte EVENT = 'D';
    static final byte PATTERNS = 'P';
    private static final int EVENT_HEADER = 1 + 8 + 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DataCodec() {
    }

    /** Whether a link payload is one of the data part's rather than a call. */
    static boolean isData(byte[] payload) {
        return payload.length > 0 && (payload[0] == EVENT || payload[0] == PATTERNS);
    }

    /** The event's JSON body; the header is put in front by {@link #event(long, long, byte[])}. */
    static byte[] eventBody(DataEvent event) throws NotSendable {
        ObjectNode wire = JSON.createObjectNode();
        wire.put("a", event.action() == DataEvent.Action.SET ? "set" : "remove");
        wire.put("p", event.path());
        wire.set("d", event.data());
        wire.put("c", event.created());
        wire.put("m", event.modified());
        if (event.modifiedBy() != null) {
            wire.put("b", event.modifiedBy());
        }
        wire.put("v", event.version());
        wire.put("k", event.consistency().name());
        if (event.customMeta() != null) {
            wire.set("x", event.customMeta());
        }
        if (event.session() != null) {
            wire.put("n", event.session());
        }
        if (!event.targetSessions().isEmpty()) {
            ArrayNode targets = wire.putArray("t");
            event.targetSessions().forEach(targets::add);
        }
        if (!event.removedPaths().isEmpty()) {
            ArrayNode removed = wire.putArray("r");
            event.removedPaths().forEach(removed::add);
        }
        wire.put("s", event.stored());
        try {
            return JSON.writeValueAsBytes(wire);
        } catch (IOException e) {
            throw new NotSendable("the data event at " + event.path() + " could not be written: " + e.getMessage());
        }
    }

    static byte[] event(long epoch, long sequence, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(EVENT_HEADER + body.length);
        buffer.put(EVENT).putLong(epoch).putLong(sequence).put(body);
        return buffer.array();
    }

    /** One event as it arrived: its sender's epoch and sequence, and the event itself. */
    record Incoming(long epoch, long sequence, DataEvent event) {
    }

    /** @throws NotSendable when the payload is not an event this version can read */
    static Incoming readEvent(byte[] payload) throws NotSendable {
        if (payload.length < EVENT_HEADER || payload[0] != EVENT) {
            throw new NotSendable("a data event too short to read");
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        buffer.get();
        long epoch = buffer.getLong();
        long sequence = buffer.getLong();
        try {
            JsonNode wire = JSON.readTree(payload, EVENT_HEADER, payload.length - EVENT_HEADER);
            WriteOptions options = WriteOptions.DEFAULTS.withConsistency(Consistency.valueOf(wire.path("k").asText()))
                    .withSession(text(wire, "n"))
                    .withTargetSessions(new LinkedHashSet<>(strings(wire.path("t"))))
                    .withMeta(wire.get("x") instanceof ObjectNode meta ? meta : null);
            String path = wire.path("p").asText();
            DataEvent event;
            if (wire.path("a").asText().equals("set")) {
                if (!(wire.get("d") instanceof ObjectNode data)) {
                    throw new NotSendable("a data event without a document");
                }
                event = DataEvent.set(new StoredItem(path, data, wire.path("c").asLong(), wire.path("m").asLong(), text(wire, "b"),
                        wire.path("v").asLong()), options, wire.path("s").asBoolean(true));
            } else {
                event = DataEvent.remove(path, strings(wire.path("r")), wire.path("m").asLong(), wire.path("v").asLong(),
                        options.withOrigin(text(wire, "b")));
            }
            return new Incoming(epoch, sequence, event);
        } catch (IOException | IllegalArgumentException e) {
            throw new NotSendable("a data event that could not be read: " + e.getMessage());
        }
    }

    static byte[] patterns(DataRecord record) {
        try {
            byte[] body = JSON.writeValueAsBytes(record);
            byte[] payload = new byte[body.length + 1];
            payload[0] = PATTERNS;
            System.arraycopy(body, 0, payload, 1, body.length);
            return payload;
        } catch (IOException e) {
            throw new IllegalStateException("a pattern list could not be written", e);
        }
    }

    static DataRecord readPatterns(byte[] payload) throws NotSendable {
        try {
            return JSON.readerFor(DataRecord.class).readValue(payload, 1, payload.length - 1);
        } catch (IOException e) {
            throw new NotSendable("a pattern list that could not be read: " + e.getMessage());
        }
    }

    static byte[] results(PublishResults results) {
        ObjectNode wire = JSON.createObjectNode().put("q", results.queued()).put("s", results.successful()).put("f", results.failed())
                .put("k", results.skipped()).put("a", results.acknowledged());
        return wire.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static PublishResults readResults(byte[] payload) throws NotSendable {
        try {
            JsonNode wire = JSON.readTree(payload);
            return new PublishResults(wire.path("q").asInt(), wire.path("s").asInt(), wire.path("f").asInt(), wire.path("k").asInt(),
                    wire.path("a").asInt());
        } catch (IOException e) {
            throw new NotSendable("results that could not be read: " + e.getMessage());
        }
    }

    private static String text(JsonNode wire, String field) {
        JsonNode value = wire.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
