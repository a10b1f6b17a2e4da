package io.switchboard.security.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.Request;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;

/**
 * Every client request passes here first (layer order 100): a session must have logged in, its
 * token must still be good, the data action must be allowed on its path, a {@code call} needs
 * {@code call} on {@code /_exchange/<component>/<method>} and an {@code event.on} needs {@code on}
 * on {@code /_events/<component>/<event>}. The reserved
 * {@code /_SYSTEM} tree is the runtime's own and only administrators reach it.
 */
@Component(property = Layer.ORDER + ":Integer=100")
public final class AuthorizationLayer implements Layer {

    /** Protocol actions and the permission action each needs (docs/protocol.md). */
    private static final Map<String, String> DATA_ACTIONS = Map.of(
            "set", "set", "publish", "set", "increment", "set", "get", "get", "count", "count", "remove", "remove", "on", "on");

    /** The channel on which the mesh edge tells watching sessions the new description. */
    private static final String MESH_DESCRIPTION = "mesh.description";

    private final SecurityService security;

    @Activate
    public AuthorizationLayer(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public Request inbound(Session session, Request request) {
        String action = request.action();
        if (action.equals("login") || action.equals("ping")) {
            return request;
        }
        Principal principal = (Principal) session.attributes().get(Principal.SESSION_ATTRIBUTE);
        if (principal == null) {
            throw new SwitchboardException("security.unauthenticated", "log in first (action 'login')");
        }
        if (principal.expires().isBefore(Instant.now())) {
            throw new SwitchboardException("security.token-expired", "the session's token has expired; log in again");
        }
        Target target;
        try {
            target = target(request);
        } catch (SwitchboardException malformed) {
            requireValid(session, principal); // a login that no longer stands is told so before anything else
            throw malformed;
        }
        if (target == null) {
            requireValid(session, principal);
            if (action.startsWith("security.") && !principal.groups().contains(SecurityService.ADMIN_GROUP)) {
                throw new SwitchboardException("security.forbidden", "'" + action + "' is for administrators");
            }
            return request; // logout, off, offPattern, event.off act on the session's own state; describe needs a login only
        }
        // one check of the login and the permission together: isValid then allowed would check the login twice
        SecurityService.Decision decision = security.decide(principal, target.permission(), target.path());
        if (decision == SecurityService.Decision.INVALID) {
            throw noLongerStands(session);
        }
        if (decision != SecurityService.Decision.ALLOWED) {
            throw new SwitchboardException("security.forbidden", "'" + target.permission() + "' on " + target.path()
                    + " is not permitted for " + principal.username());
        }
        return request;
    }

    /** The permission a request needs and where. */
    private record Target(String permission, String path) {
    }

    /**
     * What the request needs permission for; null for an action that needs a login only.
     *
     * @throws SwitchboardException {@code security.forbidden} for a component, method or event name that is not one segment
     */
    private static Target target(Request request) {
        String action = request.action();
        String permission = DATA_ACTIONS.get(action);
        if (permission != null) {
            return new Target(permission, request.params().path("path").asText(""));
        }
        if (action.equals("call")) {
            return new Target(MeshPaths.CALL,
                    MeshPaths.method(request.params().path("component").asText(""), request.params().path("method").asText("")));
        }
        if (action.equals("event.on")) {
            return new Target(MeshPaths.ON,
                    MeshPaths.events(request.params().path("component").asText(""), request.params().path("event").asText("")));
        }
        return null;
    }

    private void requireValid(Session session, Principal principal) {
        if (!security.isValid(principal)) {
            throw noLongerStands(session);
        }
    }

    /** The session forgets a login that no longer stands, so that the client has to log in again. */
    private static SwitchboardException noLongerStands(Session session) {
        session.attributes().remove(Principal.SESSION_ATTRIBUTE);
        return new SwitchboardException("security.token-revoked",
                "the session's login no longer stands (revoked, or the user was removed or disabled); log in again");
    }

    /**
     * Publications pass only while the user may still subscribe to their path: a permission taken
     * away stops a live subscription at once. The client is told once per subscription, with an
     * error that names it; later events on it are dropped.
     */
    @Override
    public Outbound outbound(Session session, Outbound message) {
        if (!(message instanceof Outbound.Publication publication)) {
            return message;
        }
        if (publication.channel().equals(MESH_DESCRIPTION)) {
            return message; // what runs here: every logged-in session may know it
        }
        Principal principal = (Principal) session.attributes().get(Principal.SESSION_ATTRIBUTE);
        String path = path(publication.event());
        if (principal != null && security.allowed(principal, "on", path)) {
            return message;
        }
        @SuppressWarnings("unchecked")
        Set<String> stopped = (Set<String>) session.attributes().computeIfAbsent("security.stopped", key -> ConcurrentHashMap.newKeySet());
        if (stopped.add(publication.channel())) {
            return new Outbound.Error(null, "security.subscription-stopped", "subscription " + publication.channel()
                    + " no longer receives events: '" + "on' at " + path + " is not permitted any more");
        }
        return null;
    }

    /** The permission path of a publication: a data event's path, or a component event's place under /_events. */
    private static String path(com.fasterxml.jackson.databind.JsonNode event) {
        if (event.has("path") || !event.has("component")) {
            return event.path("path").asText("");
        }
        try {
            return MeshPaths.events(event.path("component").asText(""), event.path("event").asText(""));
        } catch (SwitchboardException malformed) {
            return "";
        }
    }
}
