package io.switchboard.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a bus stream's Server-Sent Events straight from its bytes: per event, the {@code id:} line
 * (the message id) and the publish time {@code "t":<nanos>} in the {@code data:} line. No String per
 * line and no regular expression, so that the driver's own cost per message stays small beside the
 * runtime's (the one String made per message is the id, which the ack needs). Bytes are pushed in as
 * they come ({@link #feed}, from Jetty's content callback) or pulled from a stream ({@link #read}).
 */
final class SseEvents {

    /** Told of each event that has an id and a time. */
    interface Handler {
        void event(String id, long publishedNanos);
    }

    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = "\"t\":".getBytes(StandardCharsets.US_ASCII);

    private final Handler handler;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private String id;
    private long time = -1;

    SseEvents(Handler handler) {
        this.handler = handler;
    }

    /** Reads events from {@code in} until it ends. */
    void read(InputStream in) throws IOException {
        while (true) {
            room();
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return;
            }
            end += read;
            lines();
        }
    }

    /** Takes the next bytes of the stream (all of them; the buffer is not kept) and hands over the events they complete. */
    void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            room();
            int n = Math.min(bytes.remaining(), buffer.length - end);
            bytes.get(buffer, end, n);
            end += n;
            lines();
        }
    }

    /** Handles every whole line in the buffer; a partial one stays for the next bytes. */
    private void lines() {
        for (int newline = indexOf((byte) '\n', start, end); newline >= 0; newline = indexOf((byte) '\n', start, end)) {
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

    /** Moves what is left to the front, and grows the buffer when a line fills it, so that there is room to read into. */
    private void room() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
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
