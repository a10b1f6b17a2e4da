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

    /**
     * Reads one text frame from its UTF-8 bytes (valid UTF-8: the transport checked it), without
     * making text of it first. The plugin must not keep the array: the transport reuses it.
     *
     * @throws ProtocolException with a code and a message naming what is wrong
     * @since 1.2
     */
    default Request decode(byte[] utf8, int offset, int length) {
        return decode(new String(utf8, offset, length, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Writes one message as a text frame's UTF-8 bytes, which the caller then owns. A publication's
     * event is written once however many sessions it goes to, when the plugin can: each frame
     * then costs a copy with the recipient's own channel around the same bytes.
     *
     * @since 1.2
     */
    default byte[] encodeBytes(Outbound message) {
        return encode(message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
