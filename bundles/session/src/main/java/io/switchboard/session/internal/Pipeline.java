package io.switchboard.session.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Authorizer;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;

/**
 * The registered layers, in order, the action handlers by action, and the authorizer. All change
 * while the runtime runs, as bundles come and go.
 */
final class Pipeline {

    private record OrderedLayer(Layer layer, int order) {
    }

    /** The layers in order, replaced whole when one comes or goes: every message reads it without copying or locking. */
    private volatile OrderedLayer[] layers = new OrderedLayer[0];
    private final Map<String, ActionHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicReference<Authorizer> authorizer = new AtomicReference<>();

    /** The authorizer that decides from now on. */
    void authorizer(Authorizer chosen) {
        authorizer.set(chosen);
    }

    /** The authorizer goes away, unless another one has already taken its place. */
    void authorizerGone(Authorizer gone) {
        authorizer.compareAndSet(gone, null);
    }

    /** The authorizer that decides now; null while there is none (nothing may run then). */
    Authorizer authorizer() {
        return authorizer.get();
    }

    synchronized void addLayer(Layer layer, int order) {
        OrderedLayer[] grown = Arrays.copyOf(layers, layers.length + 1);
        grown[grown.length - 1] = new OrderedLayer(layer, order);
        Arrays.sort(grown, Comparator.comparingInt(OrderedLayer::order)); // stable: equal orders keep their arrival
        layers = grown;
    }

    synchronized void removeLayer(Layer layer) {
        layers = Arrays.stream(layers).filter(entry -> entry.layer() != layer).toArray(OrderedLayer[]::new);
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
        OrderedLayer[] snapshot = layers;
        for (int i = snapshot.length - 1; i >= 0 && current != null; i--) {
            current = snapshot[i].layer().outbound(session, current);
        }
        return current;
    }
}
