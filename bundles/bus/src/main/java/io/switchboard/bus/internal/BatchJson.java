package io.switchboard.bus.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.json.JsonLimits;

/**
 * A batch's answer, the same over HTTP and the WebSocket: {@code {"messages": [...]}}, one entry per
 * message in order. Its entries are written once, to a generator: straight to bytes for HTTP, which
 * sends them as they are, and to a token buffer that becomes the WebSocket's tree (no bytes written
 * and parsed back), so the shape is written in one place.
 */
public final class BatchJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private BatchJson() {
    }

    /** A batch publish: {@code {"id", "duplicate"}} or {@code {"error": {"code", "message"}}} per entry. */
    public static byte[] publishedBytes(List<BusCore.BatchResult> results) {
        return bytes(results.size() * 48, publishedEntries(results));
    }

    /** {@link #publishedBytes} as a tree. */
    public static ObjectNode published(List<BusCore.BatchResult> results) {
        return tree(publishedEntries(results));
    }

    private static Entries publishedEntries(List<BusCore.BatchResult> results) {
        return json -> {
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
        };
    }

    /**
     * A batch ack or nack: {@code {"id", "<done>": true}} or {@code {"id", "error": {...}}} per id.
     *
     * @param refusals per id, null where it was settled
     * @param done     {@code acked} or {@code nacked}
     */
    public static byte[] settledBytes(List<String> ids, List<SwitchboardException> refusals, String done) {
        return bytes(ids.size() * 40, settledEntries(ids, refusals, done));
    }

    /** {@link #settledBytes} as a tree. */
    public static ObjectNode settled(List<String> ids, List<SwitchboardException> refusals, String done) {
        return tree(settledEntries(ids, refusals, done));
    }

    private static Entries settledEntries(List<String> ids, List<SwitchboardException> refusals, String done) {
        return json -> {
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
        };
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

    private static byte[] bytes(int size, Entries entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 16);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            answer(json, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The answer's tree, built from the generator's tokens as they are written. */
    private static ObjectNode tree(Entries entries) {
        try (TokenBuffer tokens = new TokenBuffer(JsonLimits.mapper(), false)) {
            answer(tokens, entries);
            return JsonLimits.mapper().readTree(tokens.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: it does not fail
        }
    }

    private static void answer(JsonGenerator json, Entries entries) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("messages");
        entries.write(json);
        json.writeEndArray();
        json.writeEndObject();
    }
}
