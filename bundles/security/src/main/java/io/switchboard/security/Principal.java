package io.switchboard.security;

import java.time.Instant;
import java.util.Set;

/**
 * Who a session or an HTTP request acts as, once logged in.
 *
 * @param username   the user
 * @param groups     its groups at login
 * @param tokenId    the id of the token it logged in with (for revocation)
 * @param expires    when that token expires
 * @param userId     the identity the token was issued to, made when the user was created: a user
 *                   deleted and made again under the same name is another identity (since 1.2)
 * @param generation the user's credentials generation at login, raised when its password changes
 *                   (since 1.2)
 */
public record Principal(String username, Set<String> groups, String tokenId, Instant expires, String userId, long generation) {

    public Principal {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** A principal bound to no identity, which never stands; kept for callers of 1.1. */
    public Principal(String username, Set<String> groups, String tokenId, Instant expires) {
        this(username, groups, tokenId, expires, null, 0);
    }

    /** The session attribute (and HTTP request attribute) under which the security feature keeps the principal. */
    public static final String SESSION_ATTRIBUTE = "security.principal";
}
