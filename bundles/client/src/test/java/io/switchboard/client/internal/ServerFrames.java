package io.switchboard.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** WebSocket frames as a server writes them (unmasked) and reads the client's (masked), for the tests of this package. */
final class ServerFrames {

    private ServerFrames() {
    }

    /** One whole text frame. */
    static byte[] text(String text) {
        return frame(0x81, text);
    }

    /** A frame with the given first byte (FIN and opcode): fragments and control frames too. */
    static byte[] frame(int firstByte, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65_536) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >>> (8 * i)));
            }
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** One masked text frame from the client, unmasked. */
    static String readClientText(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        assertEquals(0x81, first, "not a whole text frame");
        int second = in.readUnsignedByte();
        assertTrue((second & 0x80) != 0, "a client frame without a mask");
        long size = second & 0x7f;
        if (size == 126) {
            size = in.readUnsignedShort();
        } else if (size == 127) {
            size = in.readLong();
        }
        byte[] key = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) size);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= key[i & 3];
        }
        return new String(payload, StandardCharsets.UTF_8);
    }
}
