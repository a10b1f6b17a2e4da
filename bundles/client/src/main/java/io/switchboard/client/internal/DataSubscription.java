package io.switchboard.client.internal;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.client.ClientSubscription;
import io.switchboard.client.RemoteEvent;
import io.switchboard.subscription.SubscribeOptions;

/** A data subscription that outlives connections: made again on every reconnect, with a new server id. */
final class DataSubscription extends Subscriptions.Channel implements ClientSubscription {

    private final ObjectMapper json;
    private final String pattern;
    private final SubscribeOptions options;
    private final Consumer<RemoteEvent> handler;

    DataSubscription(ObjectMapper json, String pattern, SubscribeOptions options, Consumer<RemoteEvent> handler) {
        this.json = json;
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
    }

    @Override
    String action() {
        return "on";
    }

    @Override
    ObjectNode request() {
        ObjectNode params = json.createObjectNode().put("path", pattern);
        params.set("options", WireOptions.subscribe(options));
        return params;
    }

    @Override
    void handle(JsonNode event) {
        handler.accept(new RemoteEvent(event.path("action").asText(), event.path("path").asText(), event.get("data"),
                event.get("meta") instanceof ObjectNode meta ? meta : null));
    }

    @Override
    public String pattern() {
        return pattern;
    }

    @Override
    public String currentId() {
        return currentId;
    }

    @Override
    public boolean isActive() {
        return active;
    }
}
