package io.switchboard.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.client.BusMessage;
import io.switchboard.client.BusSubscription;

/** A bus subscription that outlives connections: made again on every reconnect, with a new server id. */
final class BusChannel extends Subscriptions.Channel implements BusSubscription {

    private final ObjectMapper json;
    private final String topic;
    private final String group;
    private final int max;
    private final Consumer<BusMessage> handler;
    private final Consumer<BusChannel> closer;

    BusChannel(ObjectMapper json, String topic, String group, int max, Consumer<BusMessage> handler, Consumer<BusChannel> closer) {
        this.json = json;
        this.topic = topic;
        this.group = group;
        this.max = max;
        this.handler = handler;
        this.closer = closer;
    }

    @Override
    String action() {
        return "bus.subscribe";
    }

    @Override
    ObjectNode request() {
        ObjectNode params = json.createObjectNode().put("topic", topic).put("max", max);
        if (group != null) {
            params.put("group", group);
        }
        return params;
    }

    @Override
    void handle(JsonNode published) {
        if (published.has("id")) {
            handler.accept(message(published));
        }
    }

    static BusMessage message(JsonNode json) {
        Map<String, String> headers = new LinkedHashMap<>();
        json.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        return new BusMessage(json.path("id").asText(), json.path("topic").asText(), json.path("group").asText(), json.get("payload"),
                json.path("priority").asInt(), json.path("key").asText(null), json.path("deliveries").asInt(), json.path("publishedAt").asLong(),
                json.path("reply").asBoolean(), headers);
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public String currentId() {
        return currentId;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void close() {
        closer.accept(this);
    }
}
