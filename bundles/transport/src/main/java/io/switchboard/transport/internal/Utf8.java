package io.switchboard.transport.internal;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF), as a text frame must be (RFC 6455 8.1). The frames are read as bytes and never made
 * text, so this is the only place that checks; ASCII, the usual case, costs one test a byte.
 */
final class Utf8 {

    private Utf8() {
    }

    static boolean valid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int more;
            int min;
            if (lead >= 0xc2 && lead <= 0xdf) {
                more = 1;
                min = 0x80;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                more = 2;
                min = 0x800;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                more = 3;
                min = 0x10000;
            } else {
                return false; // a continuation byte first, an overlong two-byte lead (c0, c1), or f5 and above
            }
            if (i + more >= end) {
                return false; // cut off
            }
            int code = lead & (0x3f >> more);
            for (int k = 1; k <= more; k++) {
                int next = bytes[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    return false;
                }
                code = (code << 6) | (next & 0x3f);
            }
            if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
                return false;
            }
            i += more + 1;
        }
        return true;
    }
}
