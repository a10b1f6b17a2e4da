package io.switchboard.security.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.User;

/** How the directory looks as JSON on every edge (WebSocket actions, HTTP endpoints): never with a password or its hash. */
final class DirectoryJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DirectoryJson() {
    }

    static ObjectNode user(User user) {
        ObjectNode json = NODES.objectNode().put("username", user.username()).put("enabled", user.enabled());
        json.set("custom", user.custom() == null ? NODES.objectNode() : user.custom());
        user.groups().stream().sorted().forEach(json.putArray("groups")::add);
        json.set("permissions", Permission.toJson(user.permissions()));
        return json;
    }

    static ObjectNode group(Group group) {
        ObjectNode json = NODES.objectNode().put("name", group.name());
        json.set("permissions", Permission.toJson(group.permissions()));
        return json;
    }

    static ArrayNode users(Iterable<User> users) {
        ArrayNode array = NODES.arrayNode();
        users.forEach(user -> array.add(user(user)));
        return array;
    }

    static ArrayNode groups(Iterable<Group> groups) {
        ArrayNode array = NODES.arrayNode();
        groups.forEach(group -> array.add(group(group)));
        return array;
    }

    static JsonNode bool(boolean value) {
        return NODES.booleanNode(value);
    }
}
