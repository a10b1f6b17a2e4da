package io.switchboard.meshedge.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.Mesh;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * {@code event.on} and {@code event.off}: a client's subscriptions to component events. Each gets
 * an id ({@code e-<n>}) that its publications carry, receives every matching event emitted on this
 * node, and ends with {@code event.off} or with the session.
 */
@Component(property = {ActionHandler.ACTION + "=event.on", ActionHandler.ACTION + "=event.off"},
        configurationPid = EventActions.PID)
@Designate(ocd = EventActions.Config.class)
public final class EventActions implements ActionHandler {

    public static final String PID = "io.switchboard.mesh.edge";

    /** The code of an {@code event.on} past the session's limit. */
    static final String TOO_MANY = "mesh.too-many-subscriptions";

    @ObjectClassDefinition(name = "Switchboard mesh at the edge")
    public @interface Config {
        @AttributeDefinition(description = "Event subscriptions one client session may hold at once; 0 for no limit")
        int maxEventSubscriptionsPerSession() default DEFAULT_MAX_PER_SESSION;
    }

    static final int DEFAULT_MAX_PER_SESSION = 1000;

    /** Where a session keeps its event subscriptions, by id: only the session that made one can end it. */
    private static final String SUBSCRIPTIONS = "mesh.eventSubscriptions";

    private final Mesh mesh;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Subscription, Boolean> open = new ConcurrentHashMap<>();

    private volatile int maxPerSession = DEFAULT_MAX_PER_SESSION;

    public EventActions(Mesh mesh) {
        this.mesh = mesh;
    }

    @Activate
    public EventActions(@Reference Mesh mesh, Config config) {
        this(mesh);
        modified(config);
    }

    @Modified
    void modified(Config config) {
        maxPerSession = config.maxEventSubscriptionsPerSession();
    }

    /** Sets the per-session limit (0: none); for tests that build the handler without SCR. */
    void maxEventSubscriptionsPerSession(int limit) {
        maxPerSession = limit;
    }

    /** {@code event.on} needs {@code on} on {@code /_events/<component>/<event>}; {@code event.off} ends the session's own. */
    @Override
    public Access access(Session session, Request request) {
        if (request.action().equals("event.off")) {
            return Access.login();
        }
        return Access.events(MeshJson.requiredText(request.params(), "component"), MeshJson.requiredText(request.params(), "event"));
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        ObjectNode params = request.params();
        if (request.action().equals("event.off")) {
            return Promises.resolved(BooleanNode.valueOf(end(subscriptions(session), MeshJson.requiredText(params, "subscription"))));
        }
        String component = MeshJson.requiredText(params, "component");
        String event = MeshJson.requiredText(params, "event");
        String range = MeshJson.eventRange(params.get("options"));
        requireRoom(subscriptions(session));
        String id = "e-" + ids.incrementAndGet();
        Subscription subscription = mesh.subscribe(Origins.of(session), component, event, range,
                received -> session.publish(id, MeshJson.event(received)));
        open.put(subscription, Boolean.TRUE);
        Map<String, Subscription> mine = subscriptions(session);
        mine.put(id, subscription);
        if (!session.isOpen()) {
            end(mine, id); // it closed meanwhile, and its close hook may have run before the put
        }
        // Events may reach the client before this answer does (docs/protocol.md says how clients cope).
        return Promises.resolved(MeshJson.JSON.createObjectNode().put("subscription", id));
    }

    /**
     * Each subscription is a record every emitted event is matched against: without a ceiling one
     * client could subscribe until the heap is full. A session's requests run one at a time, so
     * checking before subscribing keeps the bound.
     */
    private void requireRoom(Map<String, Subscription> mine) {
        int limit = maxPerSession;
        if (limit > 0 && mine.size() >= limit) {
            throw new SwitchboardException(TOO_MANY, "this session already holds " + limit
                    + " event subscriptions, the most one session may hold; end one with event.off first");
        }
    }

    /** Ends one subscription of a session, once: whoever takes it out of the map closes it. */
    private boolean end(Map<String, Subscription> subscriptions, String id) {
        Subscription ended = subscriptions.remove(id);
        if (ended != null) {
            open.remove(ended);
            ended.close();
        }
        return ended != null;
    }

    /**
     * The session's subscriptions. The first use registers the one close hook that ends them all: a
     * hook per subscription would pile up for the whole session in a client that subscribes and
     * unsubscribes again and again.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Subscription> subscriptions(Session session) {
        Map<String, Object> attributes = session.attributes();
        Map<String, Subscription> mine = (Map<String, Subscription>) attributes.get(SUBSCRIPTIONS);
        if (mine != null) {
            return mine;
        }
        Map<String, Subscription> created = new ConcurrentHashMap<>();
        Object raced = attributes.putIfAbsent(SUBSCRIPTIONS, created);
        if (raced != null) {
            return (Map<String, Subscription>) raced;
        }
        session.onClose(() -> created.keySet().forEach(id -> end(created, id)));
        return created;
    }

    /** The edge goes away (its bundle stops): no client subscription may outlive it in the mesh. */
    @Deactivate
    void deactivate() {
        open.keySet().forEach(Subscription::close);
        open.clear();
    }
}
