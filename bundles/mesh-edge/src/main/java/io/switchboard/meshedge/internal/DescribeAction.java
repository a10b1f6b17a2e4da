package io.switchboard.meshedge.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshListener;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * {@code describe}: the components this node knows (the same JSON as {@code GET
 * /api/mesh/description}). With {@code "watch": true} the session also gets the new description on
 * the channel {@value #CHANNEL} each time it changes, until {@code "watch": false} or its end.
 */
@Component(service = {ActionHandler.class, MeshListener.class}, property = ActionHandler.ACTION + "=describe")
public final class DescribeAction implements ActionHandler, MeshListener {

    static final String CHANNEL = "mesh.description";
    /** The session attribute that says its close hook is registered. */
    private static final String WATCH_HOOK = "mesh.describeWatchHook";

    private final Mesh mesh;
    private final Set<Session> watching = ConcurrentHashMap.newKeySet();
    /**
     * The description last sent to the watchers; null while nobody watched since. The mesh also tells
     * its listeners of changes the description does not show (what this node expects back, which the
     * cluster reads): a watcher is not sent the same description twice in a row.
     */
    private volatile JsonNode lastSent;

    @Activate
    public DescribeAction(@Reference Mesh mesh) {
        this.mesh = mesh;
    }

    /** What runs here: any logged-in session may know it. */
    @Override
    public Access access(Session session, Request request) {
        return Access.login();
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        Boolean watch = MeshJson.optionalBoolean(request.params(), "watch");
        if (Boolean.TRUE.equals(watch)) {
            // One close hook per session, however often it turns watching on and off.
            if (watching.add(session) && session.attributes().putIfAbsent(WATCH_HOOK, Boolean.TRUE) == null) {
                session.onClose(() -> watching.remove(session));
            }
        } else if (Boolean.FALSE.equals(watch)) {
            watching.remove(session);
        }
        return Promises.resolved(MeshJson.description(mesh.describe()));
    }

    /** Called on the mesh's own thread, in order; publishing only queues, so it never holds the mesh up. */
    @Override
    public void descriptionChanged() {
        if (watching.isEmpty()) {
            lastSent = null; // a session that starts watching gets the description in its answer
            return;
        }
        JsonNode description = MeshJson.description(mesh.describe());
        if (description.equals(lastSent)) {
            return;
        }
        lastSent = description;
        for (Session session : watching) {
            if (session.isOpen()) {
                session.publish(CHANNEL, description);
            } else {
                watching.remove(session);
            }
        }
    }
}
