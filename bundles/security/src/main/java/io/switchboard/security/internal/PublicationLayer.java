package io.switchboard.security.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Outbound;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * Publications pass only while the user may still see what they are about: a permission taken
 * away stops a live subscription at once. The client is told once per subscription, with an error
 * that names it; later events on it are dropped.
 *
 * <p>A subscription was allowed for its whole pattern, so every path it can deliver was visible
 * when it began; only what the user can no longer see counts. A remove event lists the paths it
 * removed, which may reach beyond the subscription (an administrator's {@code remove /feed/**}
 * reaches a {@code /feed/public/**} subscriber): it passes with the removed paths the user may
 * see, and stops the subscription only when it may see none of them.
 */
@Component(property = Layer.ORDER + ":Integer=100")
public final class PublicationLayer implements Layer {

    /** The channel on which the mesh edge tells watching sessions the new description. */
    private static final String MESH_DESCRIPTION = "mesh.description";
    private static final String STOPPED = "security.stopped";

    private final SecurityService security;

    @Activate
    public PublicationLayer(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public Outbound outbound(Session session, Outbound message) {
        if (!(message instanceof Outbound.Publication publication) || publication.channel().equals(MESH_DESCRIPTION)) {
            return message; // answers, and what runs here (every logged-in session may know it)
        }
        Principal principal = (Principal) session.attributes().get(Principal.SESSION_ATTRIBUTE);
        JsonNode event = publication.event();
        List<String> paths = paths(event);
        List<String> visible = new ArrayList<>();
        for (String path : paths) {
            if (principal != null && security.allowed(principal, "on", path)) {
                visible.add(path);
            }
        }
        if (visible.size() == paths.size()) {
            return message;
        }
        if (!visible.isEmpty()) {
            return new Outbound.Publication(publication.channel(), onlyVisible(event, visible));
        }
        @SuppressWarnings("unchecked")
        Set<String> stopped = (Set<String>) session.attributes().computeIfAbsent(STOPPED, key -> ConcurrentHashMap.newKeySet());
        if (stopped.add(publication.channel())) {
            return new Outbound.Error(null, "security.subscription-stopped", "subscription " + publication.channel()
                    + " no longer receives events: 'on' at " + paths.get(0) + " is not permitted any more");
        }
        return null;
    }

    /** The paths an event is about: a data event's path, each path a remove removed, or a component event's place under /_events. */
    private static List<String> paths(JsonNode event) {
        JsonNode removed = event.path("meta").path("removedPaths");
        if (removed.isArray() && !removed.isEmpty()) {
            List<String> paths = new ArrayList<>(removed.size());
            removed.forEach(path -> paths.add(path.asText("")));
            return paths;
        }
        if (event.has("path") || !event.has("component")) {
            return List.of(event.path("path").asText(""));
        }
        try {
            return List.of(Access.events(event.path("component").asText(""), event.path("event").asText("")).path());
        } catch (SwitchboardException malformed) {
            return List.of("");
        }
    }

    /** A copy of a remove event that names only the removed paths the user may see (the event itself is shared by every subscriber). */
    private static JsonNode onlyVisible(JsonNode event, List<String> visible) {
        ObjectNode copy = event.deepCopy();
        ArrayNode paths = ((ObjectNode) copy.get("meta")).putArray("removedPaths");
        visible.forEach(paths::add);
        if (copy.get("data") instanceof ObjectNode data && data.has("removed")) {
            data.put("removed", visible.size());
        }
        return copy;
    }
}
