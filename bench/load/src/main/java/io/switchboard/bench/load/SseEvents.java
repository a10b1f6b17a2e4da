package io.switchboard.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a bus stream's Server-Sent Events straight from its bytes: per event, the {@code id:} line
 * (the message id) and the publish time {@code "t":<nanos>} in the {@code data:} line. No String per
 * line and no regular expression, so that the driver's own cost per message stays small beside the
 * runtime's (the one String made per message is the id, which the ack needs).
 */
final class SseEvents {

    /** Told of each event that has an id and a time. */
    interface Handler {
        void event(String id, long publishedNanos);
    }

    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = "\"t\":".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    SseEvents(InputStream in) {
        this.in = in;
    }

    /** Reads events until the stream ends. */
    void run(Handler handler) throws IOException {
        String id = null;
        long time = -1;
        while (true) {
            int newline = indexOf((byte) '\n', start, end);
            if (newline < 0) {
                if (!fill()) {
                    return;
                }
                continue;
            }
            if (newline == start) { // a blank line ends the event
                if (id != null && time >= 0) {
                    handler.event(id, time);
                }
                id = null;
                time = -1;
            } else if (startsWith(ID, start, newline)) {
                id = new String(buffer, start + ID.length, newline - start - ID.length, StandardCharsets.UTF_8);
            } else if (startsWith(DATA, start, newline)) {
                time = time(start + DATA.length, newline);
            }
            start = newline + 1;
        }
    }

    /** Moves what is left to the front (growing the buffer for a long line) and reads more; false at the end. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }

    /** The digits after the first {@code "t":} of the line, or -1. */
    private long time(int from, int to) {
        for (int i = from; i + TIME.length <= to; i++) {
            if (startsWith(TIME, i, to)) {
                long value = 0;
                int k = i + TIME.length;
                if (k >= to || buffer[k] < '0' || buffer[k] > '9') {
                    return -1;
                }
                for (; k < to && buffer[k] >= '0' && buffer[k] <= '9'; k++) {
                    value = value * 10 + (buffer[k] - '0');
                }
                return value;
            }
        }
        return -1;
    }

    private boolean startsWith(byte[] prefix, int from, int to) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
