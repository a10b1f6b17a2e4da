package io.switchboard.client;

/**
 * What happened to the client's connection.
 *
 * @param type   what happened
 * @param detail in words: why it was lost, how many attempts, …
 */
public record ConnectionEvent(Type type, String detail) {

    public enum Type {
        /** The first connection is up and the handshake done. */
        CONNECTED,
        /** The connection was lost; the client reconnects by itself. */
        DISCONNECTED,
        /**
         * The client is connected again and has restored its subscriptions. Events published while
         * it was away are not replayed: they are missed, and this event says so. Subscriptions made
         * with {@code initial} receive the current documents again.
         */
        RECONNECTED,
        /** {@link SwitchboardClient#close()} was called; the client does nothing more. */
        CLOSED
    }
}
