package io.switchboard.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, and that no earlier pick in this JVM gave out:
 * the kernel may hand the same ephemeral port to two binds in a row once the first is closed, and a
 * test that picks two ports (HTTP and HTTPS, two nodes) must get two.
 */
public final class FreePort {

    /** Every port handed out so far; at most the ephemeral range, so bounded. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 100;

    private FreePort() {
    }

    public static int pick() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = bindAny();
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port on 127.0.0.1 that this JVM has not handed out already, after " + ATTEMPTS + " tries");
    }

    private static int bindAny() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
