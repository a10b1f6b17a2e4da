package io.switchboard.protocol.internal;

import java.io.IOException;
import java.util.LinkedHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;

/**
 * Reads one request in a single pass of Jackson's streaming parser: the id and the action are
 * taken from their tokens, and only the other fields become values (the handlers and the data
 * store take them as trees). No tree of the whole frame is built and then taken apart, no
 * deserialization context is made per frame, and a frame that fails part-way needs no second
 * parse to find its id.
 *
 * <p>What it refuses, and the words, are those of {@link JsonInput#read(String, String, JsonInput.Codes)}
 * followed by the checks of the request's fields: the parser is one of {@code JsonLimits.factory()}
 * (depth, string and number length; duplicate keys, see {@link RepeatedKey}), the whole frame is read before its fields are
 * checked, and a value becomes the same node the mapper would make (RequestReaderTest compares the two
 * over a table of frames).
 */
final class RequestReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String FRAME = "the frame";
    private static final int OBJECT_SLOTS = 8;

    private RequestReader() {
    }

    /**
     * A key repeated in one object, for a parser that does not check keys itself: the caller reads
     * the frame again with one that does, for the error in Jackson's own words and place
     * ({@code SwitchboardJsonProtocol}). Found here because Jackson's check makes a hash set for
     * every object of three keys or more, which every request's top level is.
     */
    static final class RepeatedKey extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final RepeatedKey INSTANCE = new RepeatedKey();

        private RepeatedKey() {
            super("a repeated key", null, false, false);
        }
    }

    /**
     * An object node over a map of eight slots, not the mapper's sixteen: requests and their
     * documents mostly have a few keys, and the maps' tables were 6 % of the bytes a pipelined set
     * allocated on the server (async-profiler, allocation samples).
     */
    private static ObjectNode object() {
        return new ObjectNode(NODES, new LinkedHashMap<>(OBJECT_SLOTS));
    }

    /** Reads the request the parser holds, and closes it. */
    static Request read(JsonParser parser) {
        JsonNode leadingId = null; // an id read before a failure, so the client can match the error
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw refused(JsonInput.empty(FRAME, SwitchboardJsonProtocol.CODES), null);
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren(); // an array is read whole first: its own faults come before this one
                onlyValue(parser, null);
                throw new ProtocolException(SwitchboardJsonProtocol.MALFORMED, "a frame must be a JSON object", null);
            }
            ObjectNode params = object();
            JsonNode id = null;
            JsonNode action = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken start = parser.nextToken();
                if (name.equals("id")) {
                    if (id != null) {
                        throw RepeatedKey.INSTANCE;
                    }
                    id = value(parser, start);
                    leadingId = start == JsonToken.VALUE_NUMBER_INT || start == JsonToken.VALUE_STRING ? id : null;
                } else if (name.equals("action")) {
                    if (action != null) {
                        throw RepeatedKey.INSTANCE;
                    }
                    action = value(parser, start);
                } else if (params.putIfAbsent(name, value(parser, start)) != null) {
                    throw RepeatedKey.INSTANCE; // found after its value is read: the frame is read again anyway (see RepeatedKey)
                }
            }
            onlyValue(parser, leadingId);
            return request(id, action, params);
        } catch (IOException e) {
            throw refused(JsonInput.refused(e, FRAME, SwitchboardJsonProtocol.CODES), leadingId);
        }
    }

    private static Request request(JsonNode id, JsonNode action, ObjectNode params) {
        if (id == null || id.isNull()) {
            throw new ProtocolException("protocol.missing-field", "the request has no 'id'", null);
        }
        if (!id.isIntegralNumber() && !id.isTextual()) {
            throw new ProtocolException("protocol.wrong-type", "'id' must be an integer or a string", null);
        }
        if (action == null || action.isNull()) {
            throw new ProtocolException("protocol.missing-field", "the request has no 'action'", id);
        }
        if (!action.isTextual()) {
            throw new ProtocolException("protocol.wrong-type", "'action' must be a string", id);
        }
        return new Request(id, action.textValue(), params);
    }

    /** Nothing may follow the frame's value; what does is either refused by the parser or is a second value. */
    private static void onlyValue(JsonParser parser, JsonNode leadingId) throws IOException {
        if (parser.nextToken() != null) {
            throw refused(JsonInput.trailing(FRAME, SwitchboardJsonProtocol.CODES), leadingId);
        }
    }

    private static ProtocolException refused(io.switchboard.api.errors.SwitchboardException e, JsonNode leadingId) {
        return new ProtocolException(e.code(), e.getMessage(), leadingId);
    }

    /**
     * The value that starts at this token, as the mapper's node deserializer makes it (the same
     * node types for each kind of number). Recursion is bounded by the parser's depth limit.
     */
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonEOFException(parser, null, "Unexpected end-of-input"); // the parser says so first; a guard
        }
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = object();
                for (JsonToken next = parser.nextToken(); next == JsonToken.FIELD_NAME; next = parser.nextToken()) {
                    String name = parser.currentName();
                    if (object.putIfAbsent(name, value(parser, parser.nextToken())) != null) {
                        throw RepeatedKey.INSTANCE;
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return switch (parser.getNumberTypeFP()) {
                    case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
                    case FLOAT32 -> NODES.numberNode(parser.getFloatValue());
                    default -> NODES.numberNode(parser.getDoubleValue());
                };
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected " + token); // not reached: text JSON has no other value tokens
        }
    }
}
