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

    /**
     * Sends one text frame given as its UTF-8 bytes, which the connection owns from now on; it may
     * wait in the connection's buffer until {@link #flush}, so that a run of frames costs one
     * (gathered) socket write. A connection without such a buffer sends at once.
     *
     * @param done called once the frame is written or buffered ({@code null}) or has failed (the cause)
     * @since 2.1
     */
    default void write(byte[] frame, Consumer<Throwable> done) {
        send(new String(frame, java.nio.charset.StandardCharsets.UTF_8), done);
    }

    /**
     * Writes what {@link #write} left in the buffer. The session layer calls it at the end of each
     * run of its outbound lane. A connection whose reading thread asks while more frames from the
     * client already wait in its read buffer may put it off until that buffer is drained: the
     * answers to a pipelined burst then leave together, whatever the machine's speed.
     *
     * @since 2.1
     */
    default void flush() {
    }

    /**
     * Whether the calling thread reads other connections too (a transport that reads every connection
     * on a selector's thread, as the WebSocket transport on Jetty's): nothing may wait on it, or every
     * client waits. Asked on the thread delivering a frame.
     *
     * @since 2.5
     */
    default boolean readerIsShared() {
        return false;
    }

    /**
     * Runs the task on a thread of the transport's own that may wait, and reads the connection's next
     * frame only once it has run, so that the session's order holds. Call only on the thread delivering
     * a frame, while it does. A transport that cannot (its reading thread may wait anyway, or its
     * threads are all taken) answers false and runs nothing: the caller then queues the task as it
     * queues work that blocks.
     *
     * @since 2.5
     */
    default boolean handOff(Runnable task) {
        return false;
    }

    /** Sends a heartbeat the client answers without help from its application (a WebSocket ping). */
    void ping();

    /** Closes the connection with a close code and a reason the client can read. */
    void close(int code, String reason);
}
