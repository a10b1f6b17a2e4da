package io.switchboard.security.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a login comes from, as lockout counts it: the client's IP address (an IPv6 address by its
 * /64 network, which one client usually holds whole), as one path segment, and whether it is this
 * machine's loopback address.
 *
 * @param key      a path segment naming the source
 * @param loopback whether the login comes from this machine (127.0.0.0/8, ::1)
 */
record SourceAddress(String key, boolean loopback) {

    /**
     * Reads what the transports report: {@code 1.2.3.4}, {@code 1.2.3.4:5678},
     * {@code /1.2.3.4:5678}, {@code host/1.2.3.4:5678}, {@code [::1]:5678} or a bare IPv6
     * address. Anything else counts as one source of its own, named by its printable characters.
     */
    static SourceAddress of(String from) {
        String text = from == null ? "" : from.trim();
        text = text.substring(text.lastIndexOf('/') + 1);
        String host;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            host = end < 0 ? text.substring(1) : text.substring(1, end);
        } else if (text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.indexOf(':') < 0 ? text : text.substring(0, text.indexOf(':')); // IPv4 with or without a port
        } else {
            host = text; // a bare IPv6 address
        }
        InetAddress address = literal(host);
        if (address == null) {
            return new SourceAddress(segment(host), false);
        }
        return new SourceAddress(key(address), address.isLoopbackAddress());
    }

    /** The address when the text is an IP literal; never a name lookup. */
    private static InetAddress literal(String host) {
        boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = host.contains(":") && host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
        if (!ipv4 && !ipv6) {
            return null; // a name: never looked up
        }
        try {
            return InetAddress.getByName(host.contains("%") ? host.substring(0, host.indexOf('%')) : host);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static String key(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4 || address.isLoopbackAddress()) {
            return address.getHostAddress();
        }
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            network.append(i == 0 ? "" : ":").append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
        }
        return network.append(":_64").toString().toLowerCase(Locale.ROOT);
    }

    /** Only characters a path segment may hold, and not too many. */
    private static String segment(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9.:_-]", "_");
        if (cleaned.length() > 64) {
            cleaned = cleaned.substring(0, 64);
        }
        return cleaned.isEmpty() ? "unknown" : cleaned;
    }
}
