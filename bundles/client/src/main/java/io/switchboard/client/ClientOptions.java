package io.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * Where and how to connect.
 *
 * @param uri            the runtime's WebSocket, for example {@code ws://127.0.0.1:8080/api/ws}
 * @param name           how the client names itself in the server's logs
 * @param requestTimeout how long a request may wait for its answer
 * @param reconnectMin   the first pause before reconnecting; it doubles after each failure …
 * @param reconnectMax   … up to this
 * @param username       who to log in as after the handshake (with the security feature); null for none
 * @param password       that user's password; the client logs in again after a reconnect with the token it got
 * @param sslContext     for {@code wss:} URIs: whom to trust (a runtime's own certificate, say); null for the JDK's default
 */
public record ClientOptions(URI uri, String name, Duration requestTimeout, Duration reconnectMin, Duration reconnectMax,
                            String username, String password, SSLContext sslContext) {

    public ClientOptions {
        Objects.requireNonNull(uri, "uri");
        name = name == null ? "java-client" : name;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        reconnectMin = reconnectMin == null ? Duration.ofMillis(100) : reconnectMin;
        reconnectMax = reconnectMax == null ? Duration.ofSeconds(5) : reconnectMax;
    }

    /** The defaults for a runtime's WebSocket URI. */
    public static ClientOptions to(URI uri) {
        return new ClientOptions(uri, null, null, null, null, null, null, null);
    }

    public ClientOptions withName(String value) {
        return new ClientOptions(uri, value, requestTimeout, reconnectMin, reconnectMax, username, password, sslContext);
    }

    public ClientOptions withRequestTimeout(Duration value) {
        return new ClientOptions(uri, name, value, reconnectMin, reconnectMax, username, password, sslContext);
    }

    public ClientOptions withReconnect(Duration min, Duration max) {
        return new ClientOptions(uri, name, requestTimeout, min, max, username, password, sslContext);
    }

    /** Log in as this user after each connection's handshake. */
    public ClientOptions withCredentials(String user, String secret) {
        return new ClientOptions(uri, name, requestTimeout, reconnectMin, reconnectMax, user, secret, sslContext);
    }

    /** Trust what this context trusts when connecting to a {@code wss:} URI. */
    public ClientOptions withSslContext(SSLContext value) {
        return new ClientOptions(uri, name, requestTimeout, reconnectMin, reconnectMax, username, password, value);
    }
}
