package io.switchboard.protocol.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    @Override
    public String encode(Outbound message) {
        ObjectNode frame = NODES.objectNode();
        if (message instanceof Outbound.Response response) {
            frame.set("id", response.id());
            frame.put("ok", true);
            frame.set("result", response.result());
        } else if (message instanceof Outbound.Error error) {
            frame.set("id", error.id() == null ? NODES.nullNode() : error.id());
            frame.put("ok", false);
            frame.putObject("error").put("code", error.code()).put("message", error.message());
        } else if (message instanceof Outbound.Publication publication) {
            frame.put("publication", publication.channel());
            frame.set("event", publication.event());
        }
        try {
            return JSON.writeValueAsString(frame);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
    }
}
