package io.switchboard.security.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.protocol.Request;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * {@code login} (with {@code username} and {@code password}, or a {@code token}) and {@code logout}
 * (which revokes the session's token) over the wire protocol.
 */
@Component(property = {ActionHandler.ACTION + "=login", ActionHandler.ACTION + "=logout"})
public final class LoginActions implements ActionHandler {

    private final SecurityService security;

    @Activate
    public LoginActions(@Reference SecurityService security) {
        this.security = security;
    }

    /** Anyone may log in; logging out is for a session that is logged in. */
    @Override
    public Access access(Session session, Request request) {
        return request.action().equals("login") ? Access.anyone() : Access.login();
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        ObjectNode params = request.params();
        if (request.action().equals("logout")) {
            Object token = session.attributes().remove("security.token");
            session.attributes().remove(Principal.SESSION_ATTRIBUTE);
            session.attributes().remove("user");
            return (token == null ? org.osgi.util.promise.Promises.<Void>resolved(null) : security.revoke(token.toString()))
                    .map(done -> JsonNodeFactory.instance.booleanNode(true));
        }
        if (params.hasNonNull("token")) {
            String token = params.get("token").asText();
            return security.authenticate(token).map(principal -> loggedIn(session, token, principal));
        }
        String username = params.path("username").isTextual() ? params.get("username").asText() : null;
        String password = params.path("password").isTextual() ? params.get("password").asText() : null;
        return security.login(username, password, session.remoteAddress(), session.transport()).map(login -> loggedIn(session, login.token(), login.principal()));
    }

    private static JsonNode loggedIn(Session session, String token, Principal principal) {
        session.attributes().put(Principal.SESSION_ATTRIBUTE, principal);
        session.attributes().put("security.token", token);
        session.attributes().put("user", principal.username());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("token", token);
        result.put("username", principal.username());
        result.put("expires", principal.expires().toEpochMilli());
        principal.groups().forEach(result.putArray("groups")::add);
        return result;
    }
}
