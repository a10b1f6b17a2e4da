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
 * @param maxQueuedBytes how many bytes of requests may wait to be written to the connection (since 1.4): a
 *                       request that would go past it fails at once with {@code client.overloaded} and is
 *                       not sent; {@link #DEFAULT_MAX_QUEUED_BYTES} unless set, at least {@link #MIN_MAX_QUEUED_BYTES}
 */
public record ClientOptions(URI uri, String name, Duration requestTimeout, Duration reconnectMin, Duration reconnectMax,
                            String username, String password, SSLContext sslContext, int maxQueuedBytes) {

    /** The send queue's bound unless set: 16 MiB. */
    public static final int DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;
    /** The smallest bound taken: 64 KiB, room for a few requests of ordinary size. */
    public static final int MIN_MAX_QUEUED_BYTES = 64 * 1024;

    public ClientOptions {
        Objects.requireNonNull(uri, "uri");
        name = name == null ? "java-client" : name;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        reconnectMin = reconnectMin == null ? Duration.ofMillis(100) : reconnectMin;
        reconnectMax = reconnectMax == null ? Duration.ofSeconds(5) : reconnectMax;
        if (maxQueuedBytes < MIN_MAX_QUEUED_BYTES) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least " + MIN_MAX_QUEUED_BYTES + " (64 KiB), was " + maxQueuedBytes);
        }
    }

    /** The options as before 1.4, with the default send queue bound ({@link #DEFAULT_MAX_QUEUED_BYTES}). */
    public ClientOptions(URI uri, String name, Duration requestTimeout, Duration reconnectMin, Duration reconnectMax,
                         String username, String password, SSLContext sslContext) {
        this(uri, name, requestTimeout, reconnectMin, reconnectMax, username, password, sslContext, DEFAULT_MAX_QUEUED_BYTES);
    }

    /** The defaults for a runtime's WebSocket URI. */
    public static ClientOptions to(URI uri) {
        return new ClientOptions(uri, null, null, null, null, null, null, null);
    }

    public ClientOptions withName(String value) {
        return new ClientOptions(uri, value, requestTimeout, reconnectMin, reconnectMax, username, password, sslContext, maxQueuedBytes);
    }

    public ClientOptions withRequestTimeout(Duration value) {
        return new ClientOptions(uri, name, value, reconnectMin, reconnectMax, username, password, sslContext, maxQueuedBytes);
    }

    public ClientOptions withReconnect(Duration min, Duration max) {
        return new ClientOptions(uri, name, requestTimeout, min, max, username, password, sslContext, maxQueuedBytes);
    }

    /** Log in as this user after each connection's handshake. */
    public ClientOptions withCredentials(String user, String secret) {
        return new ClientOptions(uri, name, requestTimeout, reconnectMin, reconnectMax, user, secret, sslContext, maxQueuedBytes);
    }

    /** Trust what this context trusts when connecting to a {@code wss:} URI. */
    public ClientOptions withSslContext(SSLContext value) {
        return new ClientOptions(uri, name, requestTimeout, reconnectMin, reconnectMax, username, password, value, maxQueuedBytes);
    }

    /**
     * Lets at most this many bytes of requests wait to be written (since 1.4); a request past it fails
     * with {@code client.overloaded}. A pipelining application that sends faster than the server
     * answers meets it: a larger bound holds more requests in memory, a smaller one refuses sooner.
     */
    public ClientOptions withMaxQueuedBytes(int value) {
        return new ClientOptions(uri, name, requestTimeout, reconnectMin, reconnectMax, username, password, sslContext, value);
    }
}
