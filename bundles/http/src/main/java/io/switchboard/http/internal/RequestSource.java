package io.switchboard.http.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Where a browser says a request comes from, read from the headers a browser sets itself and no
 * page can forge: {@code Sec-Fetch-Site} first (every current browser sends it), then {@code Origin}
 * (sent with every request that is not a GET or HEAD since 2020), then {@code Referer}. A request
 * with none of them did not come from a web page (curl, a server, a Java client) and cannot be a
 * cross-site forgery. This is the rule of Go's {@code http.CrossOriginProtection}, with the
 * {@code Referer} fallback of the OWASP CSRF cheat sheet for browsers older than {@code Origin}.
 *
 * <p>"Same origin" without {@code Sec-Fetch-Site} compares the host and port of the claimed origin
 * with the request's {@code Host}, not the scheme, so a runtime behind a proxy that ends TLS still
 * recognises its own pages.
 *
 * @param kind   what the headers say
 * @param origin the origin a cross-origin request comes from ({@code scheme://host[:port]},
 *               lower case, without a default port), {@code "null"} for an opaque one, or null when unknown
 */
record RequestSource(Kind kind, String origin) {

    enum Kind { SAME_ORIGIN, CROSS_ORIGIN, NOT_A_BROWSER }

    static final RequestSource SAME = new RequestSource(Kind.SAME_ORIGIN, null);
    static final RequestSource NOT_A_BROWSER = new RequestSource(Kind.NOT_A_BROWSER, null);

    /** Reads the source from a request's headers (each may be null) and its {@code Host}. */
    static RequestSource of(String secFetchSite, String origin, String referer, String host) {
        String claimed = origin != null ? normalize(origin) : referer != null ? normalize(referer) : null;
        if (secFetchSite != null) {
            String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
            return site.equals("same-origin") || site.equals("none") ? SAME : new RequestSource(Kind.CROSS_ORIGIN, claimed);
        }
        if (claimed == null) {
            return NOT_A_BROWSER;
        }
        return authority(claimed) != null && authority(claimed).equals(hostAuthority(host)) ? SAME
                : new RequestSource(Kind.CROSS_ORIGIN, claimed);
    }

    /**
     * An origin (or a URL's origin) as browsers serialise it: {@code scheme://host[:port]} in lower
     * case, without the scheme's default port; {@code "null"} for anything that is not an http(s) URL.
     */
    static String normalize(String originOrUrl) {
        try {
            URI uri = new URI(originOrUrl.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return "null";
            }
            int port = uri.getPort();
            boolean standard = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (standard ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return "null";
        }
    }

    private static String authority(String normalizedOrigin) {
        int start = normalizedOrigin.indexOf("://");
        return start < 0 ? null : normalizedOrigin.substring(start + 3);
    }

    /** The Host header without a default port, in lower case. */
    private static String hostAuthority(String host) {
        if (host == null) {
            return "";
        }
        String value = host.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith(":80")) {
            return value.substring(0, value.length() - 3);
        }
        return value.endsWith(":443") ? value.substring(0, value.length() - 4) : value;
    }
}
