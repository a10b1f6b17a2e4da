package io.switchboard.bus.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.json.JsonLimits;

/**
 * A batch's answer, the same over HTTP and the WebSocket: {@code {"messages": [...]}}, one entry per
 * message in order. Written with a generator straight to bytes (HTTP sends them as they are); the
 * WebSocket's tree is read from the same bytes, so the shape is written in one place.
 */
public final class BatchJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private BatchJson() {
    }

    /** A batch publish: {@code {"id", "duplicate"}} or {@code {"error": {"code", "message"}}} per entry. */
    public static byte[] publishedBytes(List<BusCore.BatchResult> results) {
        return write(results.size() * 48, json -> {
            for (BusCore.BatchResult result : results) {
                json.writeStartObject();
                if (result.refused() == null) {
                    json.writeStringField("id", result.published().id());
                    json.writeBooleanField("duplicate", result.published().duplicate());
                } else {
                    error(json, result.refused());
                }
                json.writeEndObject();
            }
        });
    }

    /** {@link #publishedBytes} as a tree. */
    public static ObjectNode published(List<BusCore.BatchResult> results) {
        return tree(publishedBytes(results));
    }

    /**
     * A batch ack or nack: {@code {"id", "<done>": true}} or {@code {"id", "error": {...}}} per id.
     *
     * @param refusals per id, null where it was settled
     * @param done     {@code acked} or {@code nacked}
     */
    public static byte[] settledBytes(List<String> ids, List<SwitchboardException> refusals, String done) {
        return write(ids.size() * 40, json -> {
            for (int i = 0; i < ids.size(); i++) {
                json.writeStartObject();
                json.writeStringField("id", ids.get(i));
                if (refusals.get(i) == null) {
                    json.writeBooleanField(done, true);
                } else {
                    error(json, refusals.get(i));
                }
                json.writeEndObject();
            }
        });
    }

    /** {@link #settledBytes} as a tree. */
    public static ObjectNode settled(List<String> ids, List<SwitchboardException> refusals, String done) {
        return tree(settledBytes(ids, refusals, done));
    }

    private static void error(JsonGenerator json, SwitchboardException refused) throws IOException {
        json.writeObjectFieldStart("error");
        json.writeStringField("code", refused.code());
        json.writeStringField("message", refused.getMessage());
        json.writeEndObject();
    }

    private interface Entries {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(int size, Entries entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 16);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("messages");
            entries.write(json);
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) JsonLimits.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // written just above: it reads
        }
    }
}
