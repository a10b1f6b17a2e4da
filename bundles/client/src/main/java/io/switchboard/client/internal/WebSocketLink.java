package io.switchboard.client.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One WebSocket connection (RFC 6455, client side) on a plain blocking socket, with one thread of
 * its own that connects, upgrades, then reads: a whole text message is handed over as its bytes on
 * that thread, so an answer completes its request with no hand-off. Frames are written by whichever
 * thread sends, and while one thread writes, frames others send meanwhile join its run: a pipelining
 * application writes many frames with one system call, one request at a time costs one write.
 * Pings are answered; one report when the link ends, however it ends.
 */
final class WebSocketLink {

    static final String SUBPROTOCOL = "switchboard.v1";
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The largest message the client takes from the server (the server's own frame limit is smaller). */
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    /** A whole text message: its UTF-8 bytes, valid until the call returns. */
    interface MessageSink {
        void accept(byte[] utf8, int offset, int length);
    }

    private final Socket socket;
    private final MessageSink onMessage;
    private final BiConsumer<WebSocketLink, String> onEnd;
    private final Queue<byte[]> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private OutputStream out;

    private WebSocketLink(Socket socket, MessageSink onMessage, BiConsumer<WebSocketLink, String> onEnd) {
        this.socket = socket;
        this.onMessage = onMessage;
        this.onEnd = onEnd;
    }

    /** Opens a link; {@code onEnd} learns which link ended, so a late report from an old link can be told apart. */
    static CompletableFuture<WebSocketLink> open(URI uri, SSLContext tls, Duration timeout, MessageSink onMessage,
                                                 BiConsumer<WebSocketLink, String> onEnd) {
        CompletableFuture<WebSocketLink> opened = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            WebSocketLink link;
            DataInputStream in;
            try {
                Socket socket = connect(uri, tls, timeout);
                link = new WebSocketLink(socket, onMessage, onEnd);
                in = link.upgrade(uri, timeout);
            } catch (IOException | RuntimeException e) {
                opened.completeExceptionally(e);
                return;
            }
            opened.complete(link);
            link.read(in);
        }, "switchboard-client-reader");
        reader.setDaemon(true);
        reader.start();
        return opened;
    }

    private static Socket connect(URI uri, SSLContext tls, Duration timeout) throws IOException {
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
        plain.setTcpNoDelay(true);
        if (!secure) {
            return plain;
        }
        try {
            SSLContext context = tls != null ? tls : SSLContext.getDefault();
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, uri.getHost(), port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (NoSuchAlgorithmException e) {
            plain.close();
            throw new IOException("no TLS in this JVM", e);
        }
    }

    /** The HTTP upgrade; returns the stream the frames then come on. */
    private DataInputStream upgrade(URI uri, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + SUBPROTOCOL
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line(in);
        String accept = null;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
                accept = header.substring(colon + 1).trim();
            }
        }
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("the server refused the WebSocket upgrade: " + status);
        }
        if (!expectedAccept(key).equals(accept)) {
            throw new IOException("the server answered the upgrade without the right Sec-WebSocket-Accept");
        }
        socket.setSoTimeout(0); // from now on the server's heartbeats and the client's timeouts watch the link
        return in;
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection closed during the upgrade");
            }
            if (b != '\r') {
                line.append((char) b);
            }
            if (line.length() > 8192) {
                throw new IOException("an upgrade answer line over 8 KiB");
            }
        }
        return line.toString();
    }

    private static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JVM", e);
        }
    }

    // --- reading, on the link's own thread

    private void read(DataInputStream in) {
        byte[] message = new byte[8 * 1024];
        int length = 0;
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long size = second & 0x7f;
                if (size == 126) {
                    size = in.readUnsignedShort();
                } else if (size == 127) {
                    size = in.readLong();
                }
                int opcode = first & 0x0f;
                boolean fin = (first & 0x80) != 0;
                if (opcode >= 8) { // control frames: at most 125 bytes
                    byte[] payload = new byte[(int) size];
                    in.readFully(payload);
                    if (opcode == 8) {
                        control(0x88, payload);
                        end("closed by the server (" + closeText(payload) + ")");
                        return;
                    }
                    if (opcode == 9) {
                        control(0x8A, payload);
                    }
                    continue;
                }
                if (length + size > MAX_MESSAGE) {
                    throw new IOException("a message from the server over " + MAX_MESSAGE + " bytes");
                }
                if (length + size > message.length) {
                    byte[] grown = new byte[(int) Math.max(length + size, message.length * 2L)];
                    System.arraycopy(message, 0, grown, 0, length);
                    message = grown;
                }
                in.readFully(message, length, (int) size);
                length += (int) size;
                if (fin) {
                    if (opcode == 1 || opcode == 0) {
                        onMessage.accept(message, 0, length);
                    }
                    length = 0;
                    if (message.length > 1024 * 1024) {
                        message = new byte[8 * 1024];
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            end(ended.get() ? "closed" : "connection failed: " + e);
        }
    }

    private static String closeText(byte[] payload) {
        if (payload.length < 2) {
            return "no code";
        }
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        String reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        return code + (reason.isEmpty() ? "" : " " + reason);
    }

    // --- writing, by whichever thread sends

    /** Sends a text frame given as UTF-8 bytes; never waits for another sender (it joins that sender's run). */
    void send(byte[] utf8) {
        outgoing.add(frame(0x81, utf8));
        drain();
    }

    private void control(int opcodeByte, byte[] payload) {
        outgoing.add(frame(opcodeByte, payload));
        drain();
    }

    /** Writes what waits, then flushes once; whoever finds the writer busy leaves its frame to it. */
    private void drain() {
        while (!outgoing.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                for (byte[] frame = outgoing.poll(); frame != null; frame = outgoing.poll()) {
                    out.write(frame);
                }
                out.flush();
            } catch (IOException e) {
                outgoing.clear();
                end("sending failed: " + e.getMessage());
            } finally {
                writing.set(false);
            }
        }
    }

    /** A masked frame, as a client must send (RFC 6455 5.3). */
    private static byte[] frame(int opcodeByte, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + n];
        frame[0] = (byte) opcodeByte;
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
        } else if (n < 65_536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        System.arraycopy(key, 0, frame, header, 4);
        int at = header + 4;
        for (int i = 0; i < n; i++) {
            frame[at + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return frame;
    }

    void close() {
        if (ended.compareAndSet(false, true)) {
            control(0x88, new byte[] {0x03, (byte) 0xe8}); // 1000, normal
            closeSocket();
        }
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true)) {
            closeSocket();
            onEnd.accept(this, why);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
