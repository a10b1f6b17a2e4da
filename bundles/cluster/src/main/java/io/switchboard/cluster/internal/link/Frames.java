package io.switchboard.cluster.internal.link;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * The node link's framing: a 4-byte big-endian length, then the type (1 byte), the call id (8
 * bytes) and the payload. The handshake's frames come first ({@link #HELLO} … {@link #WELCOME} or
 * {@link #REFUSED}); after it, the side that connected sends {@link #CALL}s and the side that
 * accepted answers each with an optional {@link #ACK} (sent when the answer is not ready at once)
 * and then exactly one of {@link #RESULT}, {@link #FAILURE} or {@link #NOT_STARTED}; {@link #EVENT}s
 * travel and are answered the same way.
 */
public final class Frames {

    public static final byte HELLO = 1;
    public static final byte CHALLENGE = 2;
    public static final byte PROOF = 3;
    public static final byte WELCOME = 4;
    public static final byte REFUSED = 5;

    public static final byte CALL = 10;
    /** The call was taken and runs; its answer follows. */
    public static final byte ACK = 11;
    public static final byte RESULT = 12;
    public static final byte FAILURE = 13;
    /** The call did not start (the instance is gone, or the node is draining): the caller may send it elsewhere. */
    public static final byte NOT_STARTED = 14;
    /**
     * An event for some of the receiving node's subscriptions (one payload per node, with its
     * recipients), answered like a call: an optional {@link #ACK}, then {@link #RESULT} (each
     * recipient's outcome), {@link #FAILURE} or {@link #NOT_STARTED}. Handed to the mesh in the order
     * the frames arrived, so one emitter's events reach a subscriber in the order they were emitted.
     */
    public static final byte EVENT = 15;

    /** The largest payload a link carries; a larger call is refused before it is sent. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
    /** The largest payload before the peer has proved the secret: the handshake's frames are small. */
    public static final int MAX_HANDSHAKE_BYTES = 4096;

    private static final int TYPE_AND_ID = 1 + 8;
    private static final byte[] EMPTY = new byte[0];

    private Frames() {
    }

    /** The bytes of one frame, ready to be written. */
    public static byte[] encode(byte type, long id, byte[] payload) {
        byte[] body = payload == null ? EMPTY : payload;
        int length = TYPE_AND_ID + body.length;
        byte[] frame = new byte[4 + length];
        putInt(frame, 0, length);
        frame[4] = type;
        putLong(frame, 5, id);
        System.arraycopy(body, 0, frame, 4 + TYPE_AND_ID, body.length);
        return frame;
    }

    /**
     * Reads the next frame.
     *
     * @throws java.io.EOFException at the end of the stream
     * @throws LinkViolation        when the frame is malformed or larger than {@code maxPayloadBytes}
     */
    public static Frame read(DataInputStream in, int maxPayloadBytes) throws IOException {
        int length = in.readInt();
        if (length < TYPE_AND_ID || length - TYPE_AND_ID > maxPayloadBytes) {
            throw new LinkViolation("a frame of " + length + " bytes (at most " + (maxPayloadBytes + TYPE_AND_ID) + " allowed)");
        }
        byte type = in.readByte();
        long id = in.readLong();
        byte[] payload = new byte[length - TYPE_AND_ID];
        in.readFully(payload);
        return new Frame(type, id, payload);
    }

    private static void putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
    }

    private static void putLong(byte[] target, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            target[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
