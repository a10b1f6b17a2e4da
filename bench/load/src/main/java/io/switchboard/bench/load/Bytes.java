package io.switchboard.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the drivers read from a frame's payload without making a String of it: a prefix, a part, the
 * number after a key. The buffer's position and limit are left as they are (Jetty's frame payloads
 * are only lent for the call).
 */
final class Bytes {

    private Bytes() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(ByteBuffer buffer, byte[] prefix) {
        return buffer.remaining() >= prefix.length && at(buffer, buffer.position(), prefix);
    }

    static boolean contains(ByteBuffer buffer, byte[] part) {
        return indexOf(buffer, part) >= 0;
    }

    /** The decimal digits right after the first {@code key}, or -1 when there is no key or no digit after it. */
    static long numberAfter(ByteBuffer buffer, byte[] key) {
        int at = indexOf(buffer, key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length;
        if (i >= buffer.limit() || !digit(buffer.get(i))) {
            return -1;
        }
        long value = 0;
        for (; i < buffer.limit() && digit(buffer.get(i)); i++) {
            value = value * 10 + (buffer.get(i) - '0');
        }
        return value;
    }

    static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }

    private static int indexOf(ByteBuffer buffer, byte[] part) {
        for (int i = buffer.position(); i + part.length <= buffer.limit(); i++) {
            if (at(buffer, i, part)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean at(ByteBuffer buffer, int index, byte[] part) {
        for (int k = 0; k < part.length; k++) {
            if (buffer.get(index + k) != part[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}
