package io.switchboard.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which other origins' pages may use the APIs under {@code /api/} (CORS). Off unless origins are
 * listed: then no answer carries an {@code Access-Control-*} header, and a browser lets no other
 * site read an answer or send anything but a "simple" request (which the cross-origin check refuses
 * when it changes state). An origin on the list may send the methods and headers listed; a cookie
 * from its pages counts only when {@code allowCredentials} is on, since that lets the origin act as
 * the logged-in user of the browser.
 */
final class CorsPolicy {

    /** A preflight's answer: the headers to send, or why it is refused. */
    record Preflight(Map<String, String> headers, String refusal) {
        boolean allowed() {
            return refusal == null;
        }
    }

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final String methodList;
    private final String headerList;
    private final long maxAgeSeconds;
    private final boolean credentials;
    private final List<String> ignored = new ArrayList<>();

    /**
     * @param origins       allowed origins ({@code https://app.example.com}, or {@code *} for any), each
     *                      entry may hold several separated by commas or spaces
     * @param methods       methods an allowed origin may use
     * @param headers       request headers an allowed origin may send
     * @param maxAgeSeconds how long a browser may keep a preflight's answer
     * @param credentials   whether an allowed origin's requests may carry the browser's cookies
     */
    CorsPolicy(String[] origins, String[] methods, String[] headers, long maxAgeSeconds, boolean credentials) {
        Set<String> normalized = new LinkedHashSet<>();
        boolean any = false;
        for (String origin : split(origins)) {
            if (origin.equals("*")) {
                any = true;
            } else if (!isOrigin(origin)) {
                ignored.add(origin); // a path, a query or another scheme: not an origin
            } else {
                normalized.add(RequestSource.normalize(origin));
            }
        }
        this.origins = Set.copyOf(normalized);
        this.anyOrigin = any;
        this.methods = upper(split(methods));
        this.headers = lower(split(headers));
        this.methodList = String.join(", ", this.methods);
        this.headerList = String.join(", ", split(headers));
        this.maxAgeSeconds = Math.max(0, maxAgeSeconds);
        this.credentials = credentials && !any; // the standard forbids credentials for any origin
    }

    static CorsPolicy off() {
        return new CorsPolicy(new String[0], new String[0], new String[0], 0, false);
    }

    boolean enabled() {
        return anyOrigin || !origins.isEmpty();
    }

    /** Entries of the origin list that are not origins, to tell the operator. */
    List<String> ignored() {
        return List.copyOf(ignored);
    }

    /** Whether pages of this origin (as {@link RequestSource#normalize} writes it) may use the APIs. */
    boolean allows(String origin) {
        return origin != null && !origin.equals("null") && (anyOrigin || origins.contains(origin));
    }

    boolean allowsCredentials() {
        return credentials;
    }

    /** The answer to a preflight from an origin asking for a method and a list of headers. */
    Preflight preflight(String origin, String method, String requestHeaders) {
        if (!allows(origin)) {
            return new Preflight(Map.of(), "pages of " + origin + " may not use this API from a browser"
                    + (enabled() ? " (it is not among allowedOrigins)" : " (CORS is off: no origin is allowed)"));
        }
        if (!methods.contains(method.trim().toUpperCase(Locale.ROOT))) {
            return new Preflight(Map.of(), "the method " + cut(method) + " is not among allowedMethods (" + methodList + ")");
        }
        for (String header : split(new String[] {requestHeaders == null ? "" : requestHeaders})) {
            if (!headers.contains(header.toLowerCase(Locale.ROOT))) {
                return new Preflight(Map.of(), "the header " + cut(header) + " is not among allowedHeaders (" + headerList + ")");
            }
        }
        Map<String, String> answer = new LinkedHashMap<>(actual(origin));
        answer.put("Access-Control-Allow-Methods", methodList);
        if (!headerList.isEmpty()) {
            answer.put("Access-Control-Allow-Headers", headerList);
        }
        answer.put("Access-Control-Max-Age", Long.toString(maxAgeSeconds));
        return new Preflight(answer, null);
    }

    /** The headers for an answer to an allowed origin's request. */
    Map<String, String> actual(String origin) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("Access-Control-Allow-Origin", origin);
        if (credentials) {
            answer.put("Access-Control-Allow-Credentials", "true");
        }
        return answer;
    }

    private static List<String> split(String[] values) {
        List<String> parts = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String part : value.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
        }
        return parts;
    }

    /** {@code http(s)://host[:port]}, with nothing after but an optional slash. */
    private static boolean isOrigin(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            return !RequestSource.normalize(value).equals("null") && uri.getUserInfo() == null && uri.getQuery() == null
                    && uri.getFragment() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Set<String> upper(List<String> values) {
        Set<String> set = new LinkedHashSet<>();
        values.forEach(value -> set.add(value.toUpperCase(Locale.ROOT)));
        return set;
    }

    private static Set<String> lower(List<String> values) {
        Set<String> set = new LinkedHashSet<>();
        values.forEach(value -> set.add(value.toLowerCase(Locale.ROOT)));
        return set;
    }

    /** A name the client gave, short enough for an error message. */
    private static String cut(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
