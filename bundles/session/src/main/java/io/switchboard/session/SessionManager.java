package io.switchboard.session;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Where transports bring their connections. */
@ProviderType
public interface SessionManager {

    /**
     * The WebSocket subprotocol to accept among those a client offered: the first one a protocol
     * plugin serves, or the default protocol when the client offered none; empty when it offered
     * only protocols nobody serves.
     */
    Optional<String> chooseProtocol(List<String> offered);

    /**
     * Starts a session for a new connection that speaks the chosen protocol.
     *
     * @throws SessionRefusedException when the session layer takes no more sessions now (as many
     *         are open as it is configured to hold); the transport closes the connection with its code
     */
    SessionEndpoint open(Connection connection, String protocol);

    /** The sessions open now. */
    List<Session> sessions();
}
