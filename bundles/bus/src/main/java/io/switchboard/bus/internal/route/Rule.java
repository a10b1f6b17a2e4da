package io.switchboard.bus.internal.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A routing rule: messages of {@code topic} that match {@code filter} are copied into {@code target},
 * a derived topic consumed like any other. Its copies come from the consumer group {@code route-<name>}
 * of the source topic.
 */
public record Rule(String topic, String name, MessageFilter filter, String target, long createdAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String group() {
        return "route-" + name;
    }

    public ObjectNode json() {
        ObjectNode json = JSON.createObjectNode().put("topic", topic).put("name", name).put("target", target).put("createdAt", createdAt);
        json.set("filter", filter.json());
        return json;
    }

    static Rule read(JsonNode json) {
        return new Rule(json.path("topic").asText(), json.path("name").asText(), MessageFilter.parse(json.get("filter")), json.path("target").asText(),
                json.path("createdAt").asLong());
    }
}
