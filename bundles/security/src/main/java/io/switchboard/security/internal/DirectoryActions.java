package io.switchboard.security.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Request;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.SecurityService;
import io.switchboard.security.User;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/** The directory over the wire protocol, for administrators only (members of {@value SecurityService#ADMIN_GROUP}). */
@Component(property = {ActionHandler.ACTION + "=security.upsertUser", ActionHandler.ACTION + "=security.deleteUser",
        ActionHandler.ACTION + "=security.users", ActionHandler.ACTION + "=security.upsertGroup",
        ActionHandler.ACTION + "=security.deleteGroup", ActionHandler.ACTION + "=security.addToGroup",
        ActionHandler.ACTION + "=security.removeFromGroup", ActionHandler.ACTION + "=security.groups"})
public final class DirectoryActions implements ActionHandler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SecurityService security;

    @Activate
    public DirectoryActions(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public Access access(Session session, Request request) {
        return Access.administrators();
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        ObjectNode p = request.params();
        return switch (request.action()) {
            case "security.upsertUser" -> security.upsertUser(text(p, "username"), p.path("password").isTextual() ? p.get("password").asText() : null,
                    p.get("custom") instanceof ObjectNode custom ? custom : null, p.path("enabled").asBoolean(true),
                    Permission.fromJson(p.get("permissions"))).map(DirectoryJson::user);
            case "security.deleteUser" -> security.deleteUser(text(p, "username")).map(BooleanNode::valueOf);
            case "security.users" -> security.users().map(DirectoryJson::users);
            case "security.groups" -> security.groups().map(DirectoryJson::groups);
            case "security.upsertGroup" -> security.upsertGroup(new Group(text(p, "name"), Permission.fromJson(p.get("permissions"))))
                    .map(group -> NODES.objectNode().put("name", group.name()));
            case "security.deleteGroup" -> security.deleteGroup(text(p, "name")).map(BooleanNode::valueOf);
            case "security.addToGroup" -> security.addToGroup(text(p, "username"), text(p, "group")).map(DirectoryJson::user);
            case "security.removeFromGroup" -> security.removeFromGroup(text(p, "username"), text(p, "group")).map(DirectoryJson::user);
            default -> throw new SwitchboardException("session.unknown-action", "no action '" + request.action() + "'");
        };
    }

    private static String text(ObjectNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || !value.isTextual()) {
            throw new SwitchboardException("protocol.missing-field", "the request needs '" + field + "' as a string");
        }
        return value.asText();
    }
}
