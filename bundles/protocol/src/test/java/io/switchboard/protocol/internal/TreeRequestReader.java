package io.switchboard.protocol.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.system.json.JsonLimits;

/**
 * The decoder as it was before {@link RequestReader}, kept as the reference the streaming one is
 * compared with: the frame read whole into a tree by the limits' mapper, then taken apart, and a
 * frame that failed parsed again from the start to find an id before the failure.
 */
final class TreeRequestReader {

    /** The protocol's own mapper as it was: the limits, without the check for trailing tokens. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonLimits.factory());

    private TreeRequestReader() {
    }

    static Request read(byte[] utf8) {
        JsonNode root;
        try {
            root = JsonInput.read(utf8, 0, utf8.length, "the frame", SwitchboardJsonProtocol.CODES);
        } catch (SwitchboardException e) {
            throw new ProtocolException(e.code(), e.getMessage(), leadingId(utf8));
        }
        if (!root.isObject()) {
            throw new ProtocolException(SwitchboardJsonProtocol.MALFORMED, "a frame must be a JSON object", null);
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

    private static JsonNode leadingId(byte[] utf8) {
        try (JsonParser parser = JSON.getFactory().createParser(utf8)) {
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
            return null;
        }
    }
}
