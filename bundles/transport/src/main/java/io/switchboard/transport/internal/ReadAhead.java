package io.switchboard.transport.internal;

import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.lang.invoke.VarHandle;

import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a connection's read buffer holds bytes after the frame being handled: frames the client
 * sent without waiting for answers (it pipelines), already read from the socket. Their answers can
 * then wait and leave together with the last one's, in one write, when the buffer is drained: a
 * rule that depends on what the client did, not on how fast this machine is (the wall-clock gap
 * it replaces had to be retuned for each machine).
 *
 * <p>Jetty 12 keeps that buffer in a private field of its {@link WebSocketConnection}, read here
 * only on the thread that is parsing it. Should a Jetty version lack the field, {@link #more} is
 * always false: every answer is then written at once, which is correct, only slower
 * ({@code ReadAheadTest} fails, so an upgrade notices).
 */
final class ReadAhead {

    private static final Logger LOG = LoggerFactory.getLogger(ReadAhead.class);
    private static final VarHandle NETWORK_BUFFER = networkBuffer();

    private ReadAhead() {
    }

    /** Whether the field was found. */
    static boolean available() {
        return NETWORK_BUFFER != null;
    }

    /**
     * True when a whole final frame (the end of a message, or a control frame) from the client waits
     * in the read buffer; call on the thread delivering a frame. Only a whole one counts: its
     * handling follows at once on this thread, so what waits for it is never held for bytes the
     * client has not sent yet.
     */
    static boolean more(CoreSession session) {
        if (NETWORK_BUFFER == null || !(session instanceof WebSocketCoreSession core)) {
            return false;
        }
        WebSocketConnection connection = core.getConnection();
        Object buffer = connection == null ? null : NETWORK_BUFFER.get(connection);
        return buffer instanceof RetainableByteBuffer read && read.hasRemaining() && wholeFinalFrame(read.getByteBuffer());
    }

    /** Whether the buffer, from its position, starts with a whole frame whose FIN bit is set (RFC 6455 5.2). */
    static boolean wholeFinalFrame(ByteBuffer bytes) {
        int at = bytes.position();
        long remaining = bytes.remaining();
        if (remaining < 2 || (bytes.get(at) & 0x80) == 0) {
            return false;
        }
        int second = bytes.get(at + 1) & 0xff;
        long length = second & 0x7f;
        long header = 2;
        if (length == 126) {
            if (remaining < 4) {
                return false;
            }
            length = ((bytes.get(at + 2) & 0xff) << 8) | (bytes.get(at + 3) & 0xff);
            header = 4;
        } else if (length == 127) {
            if (remaining < 10) {
                return false;
            }
            length = bytes.getLong(at + 2);
            header = 10;
        }
        if ((second & 0x80) != 0) {
            header += 4; // the mask
        }
        return length >= 0 && remaining >= header + length;
    }

    private static VarHandle networkBuffer() {
        try {
            return MethodHandles.privateLookupIn(WebSocketConnection.class, MethodHandles.lookup())
                    .findVarHandle(WebSocketConnection.class, "networkBuffer", RetainableByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("this Jetty does not show its WebSocket read buffer; answers to pipelined requests are written one by one", e);
            return null;
        }
    }
}
