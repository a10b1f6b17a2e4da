package io.switchboard.security;

import java.util.List;

/**
 * A group of users and the permissions its members have.
 *
 * @param name        unique, a valid path segment; {@value SecurityService#ADMIN_GROUP} is the administrators'
 * @param permissions what members may do
 */
public record Group(String name, List<Permission> permissions) {

    public Group {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }
}
