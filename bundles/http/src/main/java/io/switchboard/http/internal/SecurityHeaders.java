package io.switchboard.http.internal;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Headers every answer carries, pages and errors alike: no page of the runtime may be framed by
 * another site (clickjacking of the web console), and no answer may be sniffed into another type
 * (a JSON error reflecting a URL must never run as script or render as HTML).
 */
final class SecurityHeaders {

    static final Map<String, String> ALL = Map.of(
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff");

    private SecurityHeaders() {
    }

    /** Sets each header (replacing what was there) through the given setter. */
    static void apply(BiConsumer<String, String> setter) {
        ALL.forEach(setter);
    }
}
