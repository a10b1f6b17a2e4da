package io.switchboard.session;

import org.osgi.annotation.versioning.ProviderType;

/** What a transport tells the session layer about one connection after {@link SessionManager#open}. */
@ProviderType
public interface SessionEndpoint {

    /** A text frame arrived. Called on the transport's thread; returns at once. */
    void received(String frame);

    /**
     * A text frame arrived, as its UTF-8 bytes (valid UTF-8: the transport checked), read without
     * making text of it. Called on the transport's thread, which may run the request itself when
     * the session is idle; the session does not keep the array, which the transport reuses.
     *
     * @since 2.1
     */
    void received(byte[] utf8, int offset, int length);

    /** The client answered a heartbeat. */
    void pong();

    /** The connection is gone; the session ends. */
    void closed(int code, String reason);

    /**
     * The transport refuses what the client sent (a binary frame, a message over the limit, text
     * that is not UTF-8): the session ends and the connection is closed with this code, after the
     * frames already queued for the client, as for every close the server starts.
     *
     * @since 2.2
     */
    void close(int code, String reason);
}
