package io.switchboard.meshedge.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.Mesh;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;

/**
 * {@code event.on} and {@code event.off}: a client's subscriptions to component events. Each gets
 * an id ({@code e-<n>}) that its publications carry, receives every matching event emitted on this
 * node, and ends with {@code event.off} or with the session.
 */
@Component(property = {ActionHandler.ACTION + "=event.on", ActionHandler.ACTION + "=event.off"})
public final class EventActions implements ActionHandler {

    /** Where a session keeps its event subscriptions, by id: only the session that made one can end it. */
    private static final String SUBSCRIPTIONS = "mesh.eventSubscriptions";

    private final Mesh mesh;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Subscription, Boolean> open = new ConcurrentHashMap<>();

    @Activate
    public EventActions(@Reference Mesh mesh) {
        this.mesh = mesh;
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        ObjectNode params = request.params();
        if (request.action().equals("event.off")) {
            Subscription ended = subscriptions(session).remove(MeshJson.requiredText(params, "subscription"));
            if (ended != null) {
                close(ended);
            }
            return Promises.resolved(BooleanNode.valueOf(ended != null));
        }
        String component = MeshJson.requiredText(params, "component");
        String event = MeshJson.requiredText(params, "event");
        String range = MeshJson.eventRange(params.get("options"));
        String id = "e-" + ids.incrementAndGet();
        Subscription subscription = mesh.subscribe(Origins.of(session), component, event, range,
                received -> session.publish(id, MeshJson.event(received)));
        open.put(subscription, Boolean.TRUE);
        subscriptions(session).put(id, subscription);
        session.onClose(() -> {
            Subscription left = subscriptions(session).remove(id);
            if (left != null) {
                close(left);
            }
        });
        // Events may reach the client before this answer does (docs/protocol.md says how clients cope).
        return Promises.resolved(MeshJson.JSON.createObjectNode().put("subscription", id));
    }

    private void close(Subscription subscription) {
        open.remove(subscription);
        subscription.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Subscription> subscriptions(Session session) {
        return (Map<String, Subscription>) session.attributes().computeIfAbsent(SUBSCRIPTIONS, key -> new ConcurrentHashMap<>());
    }

    /** The edge goes away (its bundle stops): no client subscription may outlive it in the mesh. */
    @Deactivate
    void deactivate() {
        open.keySet().forEach(Subscription::close);
        open.clear();
    }
}
