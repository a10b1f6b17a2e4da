package io.switchboard.session;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/** One client connection, as a transport (WebSocket, …) provides it to the session layer. */
@ConsumerType
public interface Connection {

    /** For logs: the transport's name, for example {@code websocket}. */
    String transport();

    /** For logs and policies: where the client connects from. */
    String remoteAddress();

    /**
     * Sends one text frame without blocking.
     *
     * @param done called once the frame is written to the socket ({@code null}) or has failed (the cause)
     */
    void send(String frame, Consumer<Throwable> done);

    /**
     * Sends one text frame that may wait in the connection's buffer until the next {@link #send}:
     * the session layer sends all but the last frame of a run this way, so that the run costs one
     * socket write rather than one a frame. A connection without such a buffer sends at once.
     *
     * @param done called once the frame is written or buffered ({@code null}) or has failed (the cause)
     * @since 1.1
     */
    default void sendBuffered(String frame, Consumer<Throwable> done) {
        send(frame, done);
    }

    /** Sends a heartbeat the client answers without help from its application (a WebSocket ping). */
    void ping();

    /** Closes the connection with a close code and a reason the client can read. */
    void close(int code, String reason);
}
