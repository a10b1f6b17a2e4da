package io.switchboard.session;

import org.osgi.annotation.versioning.ProviderType;

/** What a transport tells the session layer about one connection after {@link SessionManager#open}. */
@ProviderType
public interface SessionEndpoint {

    /** A text frame arrived. Called on the transport's thread; returns at once. */
    void received(String frame);

    /** The client answered a heartbeat. */
    void pong();

    /** The connection is gone; the session ends. */
    void closed(int code, String reason);
}
