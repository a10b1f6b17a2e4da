package io.switchboard.client.internal;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.client.ComponentEvent;
import io.switchboard.client.EventSubscription;

/** A subscription to component events that outlives connections: made again on every reconnect, with a new server id. */
final class ComponentSubscription extends Subscriptions.Channel implements EventSubscription {

    private final ObjectMapper json;
    private final String component;
    private final String event;
    private final String range;
    private final Consumer<ComponentEvent> handler;
    private final Consumer<ComponentSubscription> closer;

    ComponentSubscription(ObjectMapper json, String component, String event, String range, Consumer<ComponentEvent> handler,
            Consumer<ComponentSubscription> closer) {
        this.json = json;
        this.component = component;
        this.event = event;
        this.range = range;
        this.handler = handler;
        this.closer = closer;
    }

    @Override
    String action() {
        return "event.on";
    }

    @Override
    ObjectNode request() {
        return MeshWireJson.eventOn(json, component, event, range);
    }

    @Override
    void handle(JsonNode published) {
        handler.accept(MeshWireJson.event(published));
    }

    @Override
    public String component() {
        return component;
    }

    @Override
    public String event() {
        return event;
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
