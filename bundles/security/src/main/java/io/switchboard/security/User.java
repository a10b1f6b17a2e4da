package io.switchboard.security;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A user as the directory keeps it (never with its password).
 *
 * @param username    unique, a valid path segment
 * @param custom      the application's own data about the user (for templates such as {{user.custom.region}})
 * @param enabled     a disabled user cannot log in, and its sessions end
 * @param groups      the groups it belongs to
 * @param permissions permissions given to the user directly
 */
public record User(String username, ObjectNode custom, boolean enabled, Set<String> groups, List<Permission> permissions) {

    public User {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }
}
