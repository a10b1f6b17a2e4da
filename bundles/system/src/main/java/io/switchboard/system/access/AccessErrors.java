package io.switchboard.system.access;

import java.util.Map;

/**
 * The security feature's error codes, which every edge answers with (over WebSocket as they are,
 * over HTTP with {@link #httpStatus}), and the one table of their HTTP statuses.
 */
public final class AccessErrors {

    /** No authorizer is running (security is starting, stopped or being updated): nothing runs. */
    public static final String UNAVAILABLE = "security.unavailable";
    /** The request needs a login and has none. */
    public static final String UNAUTHENTICATED = "security.unauthenticated";
    /** The login stands, but its permissions do not allow the request (or what serves it declares no rule). */
    public static final String FORBIDDEN = "security.forbidden";
    /** The token is forged, malformed, or its user is gone or changed its password. */
    public static final String INVALID_TOKEN = "security.invalid-token";
    /** The token has expired, or went unused longer than its session policy allows. */
    public static final String TOKEN_EXPIRED = "security.token-expired";
    /** The token was revoked, or the session's login no longer stands. */
    public static final String TOKEN_REVOKED = "security.token-revoked";
    /** Wrong username or password (the same for both). */
    public static final String INVALID_CREDENTIALS = "security.invalid-credentials";
    /** Too many failed logins: this user is locked for a while from where the attempts came. */
    public static final String LOCKED = "security.locked";
    /** A malformed login request over HTTP, or a malformed body for the directory's endpoints. */
    public static final String INVALID_REQUEST = "security.invalid-request";
    /** A user (or group) name or password the directory does not take. @since 1.1 */
    public static final String INVALID_USER = "security.invalid-user";
    /** A change the directory refuses for a group (the administrators' group cannot be deleted). @since 1.1 */
    public static final String INVALID_GROUP = "security.invalid-group";
    /** A permission of the wrong shape: an unknown action, a pattern that is not one. @since 1.1 */
    public static final String INVALID_PERMISSION = "security.invalid-permission";
    /** No user of that name. @since 1.1 */
    public static final String UNKNOWN_USER = "security.unknown-user";
    /** No group of that name. @since 1.1 */
    public static final String UNKNOWN_GROUP = "security.unknown-group";
    /** The directory could not be read or written (the store failed); nothing was changed. @since 1.1 */
    public static final String STORE_FAILED = "security.store-failed";

    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry(UNAVAILABLE, 503),
            Map.entry(UNAUTHENTICATED, 401),
            Map.entry(INVALID_TOKEN, 401),
            Map.entry(TOKEN_EXPIRED, 401),
            Map.entry(TOKEN_REVOKED, 401),
            Map.entry(INVALID_CREDENTIALS, 401),
            Map.entry(FORBIDDEN, 403),
            Map.entry(LOCKED, 423),
            Map.entry(INVALID_REQUEST, 400),
            Map.entry(INVALID_USER, 400),
            Map.entry(INVALID_GROUP, 400),
            Map.entry(INVALID_PERMISSION, 400),
            Map.entry(UNKNOWN_USER, 404),
            Map.entry(UNKNOWN_GROUP, 404),
            Map.entry(STORE_FAILED, 500));

    private AccessErrors() {
    }

    /**
     * The HTTP status for a code: the table above for security's codes (another {@code security.*}
     * code is a 403); any other code, which an endpoint raises when it cannot even tell what a
     * request needs, is a 400.
     */
    public static int httpStatus(String code) {
        Integer status = STATUS.get(code);
        if (status != null) {
            return status;
        }
        return code.startsWith("security.") ? 403 : 400;
    }
}
