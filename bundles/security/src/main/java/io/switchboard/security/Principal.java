package io.switchboard.security;

import java.time.Instant;
import java.util.Set;

/**
 * Who a session or an HTTP request acts as, once logged in.
 *
 * @param username the user
 * @param groups   its groups at login
 * @param tokenId  the id of the token it logged in with (for revocation)
 * @param expires  when that token expires
 */
public record Principal(String username, Set<String> groups, String tokenId, Instant expires) {

    public Principal {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** The session attribute under which the authorisation layer keeps the principal. */
    public static final String SESSION_ATTRIBUTE = "security.principal";
}
