package io.switchboard.protocol.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ProtocolPlugin;
import io.switchboard.protocol.Request;

/**
 * Protocol {@code switchboard/1}: one JSON object per text frame (docs/protocol.md).
 *
 * <p>A request is {@code {"id": …, "action": "…", …fields}}; an answer is
 * {@code {"id": …, "ok": true, "result": …}} or {@code {"id": …, "ok": false, "error": {"code", "message"}}};
 * a publication is {@code {"publication": "<channel>", "event": …}}.
 */
@Component(property = {ProtocolPlugin.NAME + "=switchboard", ProtocolPlugin.VERSION + ":Integer=1"})
public final class SwitchboardJsonProtocol implements ProtocolPlugin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SerializerProvider PROVIDER = JSON.getSerializerProviderInstance();

    @Override
    public String name() {
        return "switchboard";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public Request decode(String frame) {
        JsonNode root;
        try {
            root = JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("protocol.malformed", "the frame is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException("protocol.malformed", "a frame must be a JSON object", null);
        }
        ObjectNode params = (ObjectNode) root;
        JsonNode id = params.remove("id");
        if (id == null || id.isNull()) {
            throw new ProtocolException("protocol.missing-field", "the request has no 'id'", null);
        }
        if (!id.isIntegralNumber() && !id.isTextual()) {
            throw new ProtocolException("protocol.wrong-type", "'id' must be an integer or a string", null);
        }
        JsonNode action = params.remove("action");
        if (action == null || action.isNull()) {
            throw new ProtocolException("protocol.missing-field", "the request has no 'action'", id);
        }
        if (!action.isTextual()) {
            throw new ProtocolException("protocol.wrong-type", "'action' must be a string", id);
        }
        return new Request(id, action.asText(), params);
    }

    /**
     * Streams the frame with Jackson's generator rather than building a tree around the message
     * and serialising that. A publication's event is written once per event object: a change
     * fanned out to many subscribers shares one event object, so its JSON is reused for each.
     */
    @Override
    public String encode(Outbound message) {
        // An event's JSON first: written inside the frame's generator it would take the thread's
        // recycled buffers from under it, and both would allocate fresh ones.
        String event = message instanceof Outbound.Publication publication ? eventJson(publication.event()) : null;
        return text(frame -> {
            frame.writeStartObject();
            if (message instanceof Outbound.Response response) {
                frame.writeFieldName("id");
                write(frame, response.id());
                frame.writeBooleanField("ok", true);
                frame.writeFieldName("result");
                write(frame, response.result());
            } else if (message instanceof Outbound.Error error) {
                frame.writeFieldName("id");
                write(frame, error.id() == null ? NODES.nullNode() : error.id());
                frame.writeBooleanField("ok", false);
                frame.writeObjectFieldStart("error");
                frame.writeStringField("code", error.code());
                frame.writeStringField("message", error.message());
                frame.writeEndObject();
            } else if (message instanceof Outbound.Publication publication) {
                frame.writeStringField("publication", publication.channel());
                frame.writeFieldName("event");
                frame.writeRawValue(event);
            }
            frame.writeEndObject();
        });
    }

    private interface Writing {
        void to(JsonGenerator generator) throws IOException;
    }

    /**
     * Text written by a generator, with Jackson's recycled buffers: the writer and the generator
     * share one recycler, given back to Jackson's pool at the end (as ObjectMapper does itself).
     */
    private static String text(Writing writing) {
        BufferRecycler recycler = JSON.getFactory()._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
            try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
                writing.to(generator);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException("a frame could not be written", e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /** A tree writes itself, with one serializer provider made once rather than one per value. */
    private static void write(JsonGenerator frame, JsonNode value) throws IOException {
        ((JsonSerializable) value).serialize(frame, PROVIDER);
    }

    /** The last event written and its JSON; a pair, so that threads racing on it see a consistent one. */
    private record Written(JsonNode event, String json) {
    }

    private volatile Written lastEvent = new Written(null, null);

    private String eventJson(JsonNode event) {
        Written last = lastEvent;
        if (last.event() == event) {
            return last.json();
        }
        String json = text(generator -> write(generator, event));
        lastEvent = new Written(event, json);
        return json;
    }
}
