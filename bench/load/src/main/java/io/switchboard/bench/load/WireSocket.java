package io.switchboard.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking WebSocket client (RFC 6455 framing, text only, masked as a client must), so
 * that the driver itself adds as little as possible to what is measured. Pings are answered.
 */
final class WireSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] mask = new byte[4];

    WireSocket(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        out.write(("GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: switchboard.v1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int matched = 0;
        StringBuilder status = new StringBuilder();
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade");
            }
            status.append((char) b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        if (!status.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status.substring(0, status.indexOf("\r")));
        }
        ThreadLocalRandom.current().nextBytes(mask);
    }

    /** Writes one text frame; {@code flush} false lets a pipelining writer batch frames into one write. */
    void send(String text, boolean flush) throws IOException {
        frame(0x81, text.getBytes(StandardCharsets.UTF_8), flush);
    }

    synchronized void flush() throws IOException {
        out.flush();
    }

    /**
     * Writes one whole masked frame under the socket's lock. The reader thread answers pings while
     * a writer thread sends, and the buffered stream only guards each single write: without one lock
     * around the whole frame, a pong could land between another frame's header and payload.
     */
    private synchronized void frame(int opcodeByte, byte[] payload, boolean flush) throws IOException {
        out.write(opcodeByte);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            throw new IOException("frame too large for the driver");
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        out.write(payload);
        if (flush) {
            out.flush();
        }
    }

    /** The next text frame (pings are answered, pongs skipped). */
    String receive() throws IOException {
        while (true) {
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
            int opcode = first & 0x0f;
            if (opcode == 1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
            if (opcode == 8) {
                throw new IOException("closed by the server");
            }
            if (opcode == 9) {
                frame(0x8A, payload, true); // a ping's payload is at most 125 bytes (RFC 6455 5.5)
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
