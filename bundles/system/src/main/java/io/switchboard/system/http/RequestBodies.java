package io.switchboard.system.http;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request's body within a limit, the one way every HTTP endpoint of the runtime does.
 *
 * <p>A body over the limit is never kept: the endpoint refuses it (413 with its own code). But
 * the part the client is still sending is read on and dropped, up to {@link #DRAIN_BYTES} past
 * the limit, rather than left unread. A server that answers and closes while the client is still
 * sending resets the connection, and the client's system can then drop the answer it had already
 * received. The client would see "no bytes received" instead of the refusal; this happened in a CI
 * run, to a bus publication 10 bytes over its limit. Read to its end, the body leaves the connection
 * open for the next request.
 * A body declared longer than the limit plus {@link #DRAIN_BYTES} is not read at all. Such a client
 * sends far more than any limit allows, and the connection closes after the refusal.
 *
 * @since 1.2
 */
public final class RequestBodies {

    /** How much of a body past its limit is read and dropped so that the refusal reaches the client. */
    public static final long DRAIN_BYTES = 8L * 1024 * 1024;

    private RequestBodies() {
    }

    /**
     * The request's body when it is at most {@code maxBytes} long; null when it is longer (the
     * caller refuses it). The body's stream is read as the class comment says, never more than
     * {@code maxBytes} of it kept.
     */
    public static byte[] upTo(HttpServletRequest request, int maxBytes) throws IOException {
        long declared = request.getContentLengthLong();
        InputStream in = request.getInputStream();
        if (declared > maxBytes) {
            if (declared - maxBytes <= DRAIN_BYTES) {
                drain(in, declared);
            }
            return null;
        }
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            drain(in, DRAIN_BYTES);
            return null;
        }
        return body;
    }

    /** Reads and drops up to {@code bytes} of what is left of the body. */
    private static void drain(InputStream in, long bytes) throws IOException {
        byte[] dropped = new byte[8192];
        long left = bytes;
        while (left > 0) {
            int read = in.read(dropped, 0, (int) Math.min(dropped.length, left));
            if (read < 0) {
                return;
            }
            left -= read;
        }
    }
}
