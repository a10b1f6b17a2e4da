package io.switchboard.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client written at the frame level, for tests that must do what a well-behaved
 * client library never does: send binary or oversized frames, or ignore heartbeats.
 */
public final class RawWebSocket implements AutoCloseable {

    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream())); // one read call per buffer, not per byte
        this.out = socket.getOutputStream();
    }

    /** Connects and upgrades; returns the HTTP status line when the server refuses. */
    public static RawWebSocket connect(int port, String path, String subprotocol) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(30_000);
            RawWebSocket ws = new RawWebSocket(socket);
            byte[] key = new byte[16];
            new java.security.SecureRandom().nextBytes(key);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                    + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
            ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            String status = ws.readHeaders();
            if (!status.contains(" 101 ")) {
                socket.close();
                throw new IllegalStateException("upgrade refused: " + status);
            }
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf('\r'));
    }

    public void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends several text frames in one socket write, as a pipelining client does with what it has
     * queued: the server reads them in one go.
     */
    public void sendTexts(java.util.List<String> texts) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (String text : texts) {
            writeFrame(frames, TEXT, text.getBytes(StandardCharsets.UTF_8));
        }
        write(frames);
    }

    /** Sends one masked frame, as a client must; from any thread (a background reader answers pings while a test sends). */
    public void send(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        writeFrame(frame, opcode, payload);
        write(frame);
    }

    private synchronized void write(ByteArrayOutputStream frames) {
        try {
            frames.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One client frame: header, mask, masked payload. The mask comes from a fast generator rather
     * than a secure one: RFC 6455 asks for unpredictable masks to stop scripts in a browser from
     * poisoning proxies, which does not apply to a test client, and a secure generator per frame
     * would cost the load tests a system call per frame.
     */
    private static void writeFrame(ByteArrayOutputStream frame, int opcode, byte[] payload) {
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        frame.write(masked, 0, masked.length);
    }

    /** The next frame, whatever it is; pings are returned too, not answered. */
    public Frame read() {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0f, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the server within the read timeout", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame that is not a ping (answering each ping with a pong, as a live client does). */
    public Frame readAnswering() {
        while (true) {
            Frame frame = read();
            if (frame.opcode() != PING) {
                return frame;
            }
            send(PONG, frame.payload());
        }
    }

    /** The next text frame, answering pings. */
    public String readText() {
        Frame frame = readAnswering();
        if (frame.opcode() != TEXT) {
            throw new AssertionError("expected a text frame, got opcode " + frame.opcode()
                    + (frame.opcode() == CLOSE ? " (close " + frame.closeCode() + ")" : ""));
        }
        return frame.text();
    }

    /**
     * Reads on a thread of its own from now on, answering every ping like a live client, and hands
     * every other frame to the returned queue. Use only {@link #sendText} afterwards.
     */
    public java.util.concurrent.BlockingQueue<Frame> readInBackground() {
        java.util.concurrent.BlockingQueue<Frame> frames = new java.util.concurrent.LinkedBlockingQueue<>();
        onEachFrame(frames::add);
        return frames;
    }

    /**
     * Reads on a thread of its own from now on, answering every ping like a live client, and gives
     * every other frame to {@code handler} on that thread, up to and including a close frame. Use
     * only the send methods afterwards.
     */
    public void onEachFrame(java.util.function.Consumer<Frame> handler) {
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    Frame frame = readAnswering();
                    handler.accept(frame);
                    if (frame.opcode() == CLOSE) {
                        return;
                    }
                }
            } catch (UncheckedIOException | AssertionError e) {
                // the socket was closed by the test
            }
        }, "raw-websocket-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
