package io.switchboard.bus.internal.hook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/**
 * Which callback URLs the bus calls: absolute {@code http} or {@code https} URLs, no user info, no
 * fragment, at most {@value #MAX_URL_CHARS} characters, on a host the allow-list names (an empty
 * list allows any host: the SSRF risk docs/bus-webhooks.md describes). Redirects are never followed.
 */
public final class CallbackPolicy {

    static final int MAX_URL_CHARS = 2048;

    private final List<String> allowed;

    public CallbackPolicy(String[] allowList) {
        this.allowed = allowList == null ? List.of()
                : java.util.Arrays.stream(allowList).map(String::trim).filter(entry -> !entry.isEmpty()).map(entry -> entry.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * @return the callback as a URI
     * @throws SwitchboardException {@value BusErrors#INVALID_CALLBACK} or {@value BusErrors#CALLBACK_NOT_ALLOWED}
     */
    public URI check(String callback) {
        if (callback == null || callback.isBlank()) {
            throw invalid("a callback URL is required");
        }
        if (callback.length() > MAX_URL_CHARS) {
            throw invalid("the callback URL is " + callback.length() + " characters long; the limit is " + MAX_URL_CHARS);
        }
        URI uri;
        try {
            uri = new URI(callback);
        } catch (URISyntaxException e) {
            throw invalid("the callback '" + BusErrors.shown(callback) + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("the callback '" + BusErrors.shown(callback) + "' is not an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("the callback '" + BusErrors.shown(callback) + "' names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("the callback may not carry a user name or password in its URL; sign deliveries with the secret instead");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("the callback may not have a fragment (#...)");
        }
        if (!allows(uri.getHost())) {
            throw new SwitchboardException(BusErrors.CALLBACK_NOT_ALLOWED, "the callback's host '" + BusErrors.shown(uri.getHost())
                    + "' is not in the bus's callbackAllowList");
        }
        return uri;
    }

    boolean allows(String host) {
        if (allowed.isEmpty()) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        for (String entry : allowed) {
            if (entry.startsWith("*.") ? name.endsWith(entry.substring(1)) : name.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a redirect's target is an internal address (loopback, private, link-local), for the message that refuses it. */
    public static boolean internal(String location) {
        try {
            String host = URI.create(location).getHost();
            if (host == null) {
                return true; // relative: the callback's own host
            }
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(BusErrors.INVALID_CALLBACK, message);
    }
}
