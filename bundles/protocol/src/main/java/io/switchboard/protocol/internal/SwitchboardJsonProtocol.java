package io.switchboard.protocol.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ProtocolPlugin;
import io.switchboard.protocol.Request;
import io.switchboard.system.json.JsonLimits;

/**
 * Protocol {@code switchboard/1}: one JSON object per text frame (docs/protocol.md).
 *
 * <p>A request is {@code {"id": …, "action": "…", …fields}}; an answer is
 * {@code {"id": …, "ok": true, "result": …}} or {@code {"id": …, "ok": false, "error": {"code", "message"}}};
 * a publication is {@code {"publication": "<channel>", "event": …}}.
 *
 * <p>Frames are read through {@link JsonLimits} (depth, string and number length, exactly one
 * value) and written with its generators, which refuse to nest deeper than a client may send: a
 * message that cannot be written is answered with an error instead of no answer at all.
 */
@Component(property = {ProtocolPlugin.NAME + "=switchboard", ProtocolPlugin.VERSION + ":Integer=1"})
public final class SwitchboardJsonProtocol implements ProtocolPlugin {

    /** The error codes of a frame that cannot be read. */
    static final String MALFORMED = "protocol.malformed";
    static final String TOO_DEEP = "protocol.too-deep";
    private static final JsonInput.Codes CODES = new JsonInput.Codes(MALFORMED, TOO_DEEP);

    private static final ObjectMapper JSON = new ObjectMapper(JsonLimits.factory());
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
            root = JsonInput.read(frame, "the frame", CODES);
        } catch (SwitchboardException e) {
            // every request gets an answer: the client can match this one when its id came first
            throw new ProtocolException(e.code(), e.getMessage(), leadingId(frame));
        }
        if (!root.isObject()) {
            throw new ProtocolException(MALFORMED, "a frame must be a JSON object", null);
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
     * The id of a frame that could not be read whole, when it stands at the top level before the
     * part that failed; {@code null} otherwise.
     */
    private static JsonNode leadingId(String frame) {
        try (JsonParser parser = JSON.getFactory().createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isId = "id".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isId) {
                    return value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING ? JSON.readTree(parser) : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // the frame failed before its id
        }
    }

    /**
     * Writes a message; one that cannot be written (nested deeper than the limit, say a
     * component's return value or a document stored before the limit) becomes an error that says
     * so, for the same request, rather than no answer.
     */
    @Override
    public String encode(Outbound message) {
        try {
            return write(message);
        } catch (UncheckedIOException | StackOverflowError e) {
            // StackOverflowError too: the generator's depth limit should stop first, but an answer must go out
            if (message instanceof Outbound.Response response) {
                return write(new Outbound.Error(response.id(), TOO_DEEP, "the answer nests deeper than the "
                        + JsonLimits.maxDepth() + " levels of objects and arrays a frame may have, and cannot be sent"));
            }
            if (message instanceof Outbound.Publication publication) {
                return write(new Outbound.Error(null, TOO_DEEP, "an event for '" + publication.channel() + "' nests deeper than the "
                        + JsonLimits.maxDepth() + " levels of objects and arrays a frame may have, and was not sent"));
            }
            throw e;
        }
    }

    /**
     * Streams the frame with Jackson's generator rather than building a tree around the message
     * and serialising that. A publication's event is written once per event object: a change
     * fanned out to many subscribers shares one event object, so its JSON is reused for each.
     */
    private String write(Outbound message) {
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
