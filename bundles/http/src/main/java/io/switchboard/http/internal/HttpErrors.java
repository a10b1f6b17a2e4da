package io.switchboard.http.internal;

import java.util.Map;

/**
 * The {@code http.*} error codes: what the HTTP server itself refuses, before or around the
 * servlets (docs/protocol.md, "HTTP"). A status without a code of its own is {@value #ERROR}.
 */
final class HttpErrors {

    static final String BAD_REQUEST = "http.bad-request";
    static final String NOT_FOUND = "http.not-found";
    static final String METHOD_NOT_ALLOWED = "http.method-not-allowed";
    static final String UNSUPPORTED_MEDIA_TYPE = "http.unsupported-media-type";
    static final String CROSS_ORIGIN_REFUSED = "http.cross-origin-refused";
    static final String CORS_REFUSED = "http.cors-refused";
    static final String INTERNAL_ERROR = "http.internal-error";
    static final String ERROR = "http.error";

    private static final Map<Integer, String> BY_STATUS = Map.ofEntries(
            Map.entry(400, BAD_REQUEST),
            Map.entry(401, "http.unauthorized"),
            Map.entry(403, "http.forbidden"),
            Map.entry(404, NOT_FOUND),
            Map.entry(405, METHOD_NOT_ALLOWED),
            Map.entry(406, "http.not-acceptable"),
            Map.entry(408, "http.request-timeout"),
            Map.entry(411, "http.length-required"),
            Map.entry(413, "http.too-large"),
            Map.entry(414, "http.uri-too-long"),
            Map.entry(415, UNSUPPORTED_MEDIA_TYPE),
            Map.entry(417, "http.expectation-failed"),
            Map.entry(431, "http.headers-too-large"),
            Map.entry(500, INTERNAL_ERROR),
            Map.entry(501, "http.not-implemented"),
            Map.entry(503, "http.unavailable"),
            Map.entry(505, "http.version-not-supported"));

    private HttpErrors() {
    }

    /** The code for an error status the server produced without one of its own. */
    static String forStatus(int status) {
        return BY_STATUS.getOrDefault(status, ERROR);
    }
}
