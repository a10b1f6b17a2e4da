package io.switchboard.session.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;

/**
 * The registered layers, in order, and the action handlers by action. Both change while the
 * runtime runs, as bundles come and go.
 */
final class Pipeline {

    private record OrderedLayer(Layer layer, int order) {
    }

    private final List<OrderedLayer> layers = new CopyOnWriteArrayList<>();
    private final Map<String, ActionHandler> handlers = new ConcurrentHashMap<>();

    void addLayer(Layer layer, int order) {
        layers.add(new OrderedLayer(layer, order));
        layers.sort(Comparator.comparingInt(OrderedLayer::order)); // CopyOnWriteArrayList sorts a fresh copy
    }

    void removeLayer(Layer layer) {
        layers.removeIf(entry -> entry.layer() == layer);
    }

    /** Registers a handler for its actions; returns the actions another handler already had (which keep theirs). */
    List<String> addHandler(ActionHandler handler, List<String> actions) {
        return actions.stream().filter(action -> handlers.putIfAbsent(action, handler) != null).toList();
    }

    void removeHandler(ActionHandler handler) {
        handlers.values().removeIf(registered -> registered == handler);
    }

    ActionHandler handler(String action) {
        return handlers.get(action);
    }

    Request inbound(Session session, Request request) {
        Request current = request;
        for (OrderedLayer entry : layers) {
            current = entry.layer().inbound(session, current);
            if (current == null) {
                throw new IllegalStateException("layer " + entry.layer().getClass().getName() + " returned no request");
            }
        }
        return current;
    }

    /** Returns the message as the layers leave it, or null when one of them dropped it. */
    Outbound outbound(Session session, Outbound message) {
        Outbound current = message;
        OrderedLayer[] snapshot = layers.toArray(new OrderedLayer[0]);
        for (int i = snapshot.length - 1; i >= 0 && current != null; i--) {
            current = snapshot[i].layer().outbound(session, current);
        }
        return current;
    }
}
