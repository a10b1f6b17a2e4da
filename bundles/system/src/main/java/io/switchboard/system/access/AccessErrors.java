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
    /** A malformed login request over HTTP. */
    public static final String INVALID_REQUEST = "security.invalid-request";

    private static final Map<String, Integer> STATUS = Map.of(
            UNAVAILABLE, 503,
            UNAUTHENTICATED, 401,
            INVALID_TOKEN, 401,
            TOKEN_EXPIRED, 401,
            TOKEN_REVOKED, 401,
            INVALID_CREDENTIALS, 401,
            FORBIDDEN, 403,
            LOCKED, 423,
            INVALID_REQUEST, 400);

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
