package io.switchboard.security;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.system.access.Access;

/**
 * The user directory, login, tokens and permission decisions. Registered as an OSGi service.
 * Failures carry stable codes ({@link io.switchboard.system.access.AccessErrors} for those the
 * edges answer with): {@code security.invalid-credentials} (the same for an unknown user and a
 * wrong password), {@code security.locked}, {@code security.invalid-token},
 * {@code security.token-expired}, {@code security.token-revoked}, {@code security.invalid-user},
 * {@code security.unknown-user}, {@code security.unknown-group}. A token is bound to its user's
 * identity and credentials generation: deleting the user or changing its password ends it.
 */
@ProviderType
public interface SecurityService {

    /** The administrators' group: its members may do anything, and may use the web console. */
    String ADMIN_GROUP = "_ADMIN";
    /** The user made on first start, with the password from SWITCHBOARD_ADMIN_PASSWORD or data/admin-password. */
    String ADMIN_USER = "admin";

    // --- directory

    /** Creates or replaces a user; a null password keeps the stored one (and is refused for a new user). */
    Promise<User> upsertUser(String username, String password, ObjectNode custom, boolean enabled, List<Permission> permissions);

    Promise<Optional<User>> user(String username);

    Promise<List<User>> users();

    /** Deletes a user; its tokens stop working at once. Resolves false for an unknown user. */
    Promise<Boolean> deleteUser(String username);

    Promise<Group> upsertGroup(Group group);

    Promise<Optional<Group>> group(String name);

    /** Every group, by name. @since 1.3 */
    Promise<List<Group>> groups();

    Promise<Boolean> deleteGroup(String name);

    Promise<User> addToGroup(String username, String group);

    Promise<User> removeFromGroup(String username, String group);

    // --- login and tokens

    /**
     * Checks a password and issues a signed token, valid for as long as the first session policy
     * that matches the user, its groups and the connection kind says.
     *
     * @param from where the login comes from (the client's address, with or without a port), for
     *             lockout, which counts failures per user and source address, and the audit log
     * @param kind the connection kind: {@code websocket}, {@code http}, {@code console}, or another transport's name
     */
    Promise<Login> login(String username, String password, String from, String kind);

    /** Checks a token (signature, expiry, revocation, the user still enabled) and says who it stands for. */
    Promise<Principal> authenticate(String token);

    /**
     * Creates the identity of a registered service: a user without a password, which therefore
     * never logs in with one and holds only the tokens {@link #issueServiceToken} makes. Its groups
     * and permissions are managed like any user's ({@link #addToGroup}, {@link #upsertUser} with a
     * null password); {@link #deleteUser} ends it and its tokens, and disabling it suspends them.
     *
     * @param username the service's user name; refused ({@code security.invalid-user}) when a user
     *                 of that name exists
     * @param groups   the groups it starts in (each must exist)
     * @since 1.3
     */
    Promise<User> createService(String username, ObjectNode custom, java.util.Set<String> groups);

    /**
     * A token for a service made by {@link #createService}, valid for {@code lifetime}; bound, as
     * every token, to the service's identity, so that deleting the service ends it.
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@code security.unknown-user} (as a
     *         failed promise) for a name that is not a service's
     * @since 1.3
     */
    Promise<Login> issueServiceToken(String username, java.time.Duration lifetime);

    /** Revokes a token: every session and request using it is refused from now on. */
    Promise<Void> revoke(String token);

    /**
     * Whether a principal still stands: its token neither expired nor revoked, its user still there
     * and enabled. Live sessions are checked with it on every request.
     */
    boolean isValid(Principal principal);

    // --- decisions

    /**
     * Whether the principal may do the action on the path or pattern: a pattern is allowed only
     * when every path it can match is granted, and refused when any of them is prohibited. False
     * too when the principal no longer stands ({@link #isValid}); {@link #decide} tells the two apart.
     */
    boolean allowed(Principal principal, String action, String pathOrPattern);

    /**
     * {@link #isValid} and {@link #allowed} as one check, for a caller that answers a login that no
     * longer stands differently from a refusal: the principal is checked once, not once per call.
     */
    Decision decide(Principal principal, String action, String pathOrPattern);

    /**
     * What the edges ask for a request from outside (a WebSocket action, an HTTP endpoint): whether
     * the principal gets the access its handler declared. Beyond {@link #decide(Principal, String,
     * String)}, {@code /_SYSTEM/security/**} (users, hashes, groups, revocations, login counters)
     * is out of reach of every request, administrators' too: the directory is managed through this
     * service only. {@link Access#anyone()} is allowed without a principal.
     *
     * @since 1.2
     */
    Decision decide(Principal principal, Access access);

    /** The outcome of {@link #decide}. */
    enum Decision {
        /** The principal stands and may do the action. */
        ALLOWED,
        /** The principal stands and may not do the action. */
        DENIED,
        /**
         * The principal no longer stands (its token expired, went unused too long or was revoked, or
         * its user was removed or disabled), so nothing was decided.
         */
        INVALID
    }

    /** A successful login. */
    record Login(String token, Principal principal) {
    }
}
