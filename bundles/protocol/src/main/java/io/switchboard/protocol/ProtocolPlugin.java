package io.switchboard.protocol;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A wire format. Register one as an OSGi service with the properties {@link #NAME} and
 * {@link #VERSION}; a WebSocket client chooses it with the subprotocol {@code <name>.v<version>}
 * (for example {@code switchboard.v1}). Implementations are stateless and thread-safe.
 */
@ConsumerType
public interface ProtocolPlugin {

    /** Service property: the protocol's name, for example {@code switchboard}. */
    String NAME = "protocol.name";
    /** Service property: the protocol's version, an integer. */
    String VERSION = "protocol.version";

    String name();

    int version();

    /** The WebSocket subprotocol that selects this plugin. */
    default String subprotocol() {
        return name() + ".v" + version();
    }

    /**
     * Reads one text frame.
     *
     * @throws ProtocolException with a code and a message naming what is wrong
     */
    Request decode(String frame);

    /** Writes one message as a text frame. */
    String encode(Outbound message);
}
