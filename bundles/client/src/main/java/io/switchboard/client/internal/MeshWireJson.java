package io.switchboard.client.internal;

import java.util.ArrayList;
import java.util.List;

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

    static ObjectNode call(ObjectMapper json, String component, String method, List<?> args, CallOptions options) {
        ObjectNode params = json.createObjectNode().put("component", component).put("method", method);
        params.set("args", json.valueToTree(args == null ? List.of() : args));
        ObjectNode wire = json.createObjectNode();
        switch (options.route()) {
            case ROUND_ROBIN -> wire.put("route", "roundRobin");
            case STICKY -> wire.put("route", "sticky").put("key", options.stickyKey());
            case PREFER_LOCAL -> { } // the server's default
        }
        if (options.range() != null) {
            wire.put("range", options.range());
        }
        if (options.timeout() != null) {
            wire.put("timeoutMillis", Math.max(1, options.timeout().toMillis()));
        }
        if (!wire.isEmpty()) {
            params.set("options", wire);
        }
        return params;
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
