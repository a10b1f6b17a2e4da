package io.switchboard.client.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.client.ComponentEvent;
import io.switchboard.client.ComponentInfo;

/** The mesh actions' fields as the client sends them and reads their answers (docs/protocol.md, "Mesh actions"). */
final class MeshWireJson {

    private MeshWireJson() {
    }

    /** The fields of a call after its id and action, written as they go: no tree per call. */
    static void call(ObjectMapper json, JsonGenerator out, String component, String method, List<?> args, CallOptions options)
            throws IOException {
        out.writeStringField("component", component);
        out.writeStringField("method", method);
        out.writeFieldName("args");
        if (args == null || args.isEmpty()) {
            out.writeStartArray();
            out.writeEndArray();
        } else {
            json.writeValue(out, args);
        }
        if (options.route() == CallOptions.Route.PREFER_LOCAL && options.range() == null && options.timeout() == null) {
            return; // the server's defaults
        }
        out.writeObjectFieldStart("options");
        switch (options.route()) {
            case ROUND_ROBIN -> out.writeStringField("route", "roundRobin");
            case STICKY -> {
                out.writeStringField("route", "sticky");
                out.writeStringField("key", options.stickyKey());
            }
            case PREFER_LOCAL -> { } // the server's default
        }
        if (options.range() != null) {
            out.writeStringField("range", options.range());
        }
        if (options.timeout() != null) {
            out.writeNumberField("timeoutMillis", Math.max(1, options.timeout().toMillis()));
        }
        out.writeEndObject();
    }

    static ObjectNode eventOn(ObjectMapper json, String component, String event, String range) {
        ObjectNode params = json.createObjectNode().put("component", component).put("event", event);
        if (range != null) {
            params.putObject("options").put("range", range);
        }
        return params;
    }

    static ComponentEvent event(JsonNode event) {
        return new ComponentEvent(event.path("component").asText(), event.path("version").asText(), event.path("event").asText(),
                event.get("data"));
    }

    static List<ComponentInfo> description(ObjectMapper json, JsonNode result) {
        List<ComponentInfo> components = new ArrayList<>();
        for (JsonNode component : result.path("components")) {
            try {
                components.add(json.treeToValue(component, ComponentInfo.class));
            } catch (JsonProcessingException e) {
                throw new SwitchboardException("client.unreadable-answer", "a component description the client cannot read: " + e.getOriginalMessage());
            }
        }
        return List.copyOf(components);
    }
}
