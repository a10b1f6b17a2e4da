package io.switchboard.client.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One WebSocket connection (RFC 6455, client side) on a plain blocking socket, with one thread of
 * its own that connects, upgrades, then reads: a whole text message is handed over as its bytes on
 * that thread, so an answer completes its request with no hand-off. Pings are answered; one report
 * when the link ends, however it ends.
 *
 * <p>Writes are batched without a timer. Frames wait in one queue, bounded in bytes (a sender that
 * finds it full is refused), and whoever flushes writes every waiting frame with one flush:
 * <ul>
 * <li>while the reading thread handles bytes it has already read, the frames its own callbacks send,
 * and those other threads send while requests are in flight (a pipeline), wait for it: it flushes
 * them once its read buffer is drained, before it blocks for more;</li>
 * <li>else a frame sent while others are in flight (a pipelining sender) is left to the link's writer
 * thread, which writes all that waits when it gets to run: the sender goes on at once and the frames
 * it sends meanwhile share that write;</li>
 * <li>else (one request at a time) the sender writes its frame itself at once, with no hand-off, even
 * while the reading thread is busy: a caller woken by its answer sends its next request without
 * waiting for that thread to run again; while one thread writes, frames others send join its run.</li>
 * </ul>
 */
final class WebSocketLink {

    static final String SUBPROTOCOL = "switchboard.v1";
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The largest message the client takes from the server (the server's own frame limit is smaller). */
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;
    private static final int READ_BUFFER = 64 * 1024;

    /** A whole text message: its UTF-8 bytes, valid until the call returns. */
    interface MessageSink {
        void accept(byte[] utf8, int offset, int length);
    }

    /** What became of a frame given to {@link #send}. */
    enum Sent {
        /** it will be written (or it has been) */
        QUEUED,
        /** refused: the bound on waiting bytes would be passed, the peer is not reading as fast as frames are made */
        FULL,
        /** refused: the link has ended */
        ENDED
    }

    private final Closeable socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxQueuedBytes;
    private final MessageSink onMessage;
    private final BiConsumer<WebSocketLink, String> onEnd;
    private final Queue<byte[]> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong flushes = new AtomicLong();
    /** True while the reading thread handles bytes it has read: it flushes what is sent meanwhile once done. */
    private volatile boolean readerBusy;
    /** The thread that reads, once it runs: what it sends itself (from callbacks) waits for its own flush. */
    private volatile Thread reader;
    /** The thread that writes what pipelining senders leave; parked while nothing waits. */
    private final Thread writer = new Thread(this::write, "switchboard-client-writer");
    private volatile boolean writerParked;

    WebSocketLink(Closeable socket, InputStream in, OutputStream out, int maxQueuedBytes, MessageSink onMessage,
                  BiConsumer<WebSocketLink, String> onEnd) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onMessage = onMessage;
        this.onEnd = onEnd;
        writer.setDaemon(true);
    }

    /** Opens a link; {@code onEnd} learns which link ended, so a late report from an old link can be told apart. */
    static CompletableFuture<WebSocketLink> open(URI uri, SSLContext tls, Duration timeout, int maxQueuedBytes, MessageSink onMessage,
                                                 BiConsumer<WebSocketLink, String> onEnd) {
        CompletableFuture<WebSocketLink> opened = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            WebSocketLink link;
            try {
                link = upgraded(connect(uri, tls, timeout), uri, timeout, maxQueuedBytes, onMessage, onEnd);
            } catch (IOException | RuntimeException e) {
                opened.completeExceptionally(e);
                return;
            }
            link.writer.start();
            opened.complete(link);
            link.read();
        }, "switchboard-client-reader");
        reader.setDaemon(true);
        reader.start();
        return opened;
    }

    /** A link over streams already upgraded, reading on a thread of its own from now on (for tests). */
    static WebSocketLink start(Closeable socket, InputStream in, OutputStream out, int maxQueuedBytes, MessageSink onMessage,
                               BiConsumer<WebSocketLink, String> onEnd) {
        WebSocketLink link = new WebSocketLink(socket, in, out, maxQueuedBytes, onMessage, onEnd);
        link.writer.start();
        Thread reader = new Thread(link::read, "switchboard-client-reader");
        reader.setDaemon(true);
        reader.start();
        return link;
    }

    private static Socket connect(URI uri, SSLContext tls, Duration timeout) throws IOException {
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            plain.setTcpNoDelay(true);
            if (!secure) {
                return plain;
            }
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
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** The HTTP upgrade; returns the link the frames then go over. The socket is closed when it fails. */
    private static WebSocketLink upgraded(Socket socket, URI uri, Duration timeout, int maxQueuedBytes, MessageSink onMessage,
                                          BiConsumer<WebSocketLink, String> onEnd) throws IOException {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            // the upgrade's answer is read a byte at a time from this buffer, which then keeps any frame behind it
            InputStream in = new BufferedInputStream(socket.getInputStream());
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
            return new WebSocketLink(socket, in, out, maxQueuedBytes, onMessage, onEnd);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String line(InputStream in) throws IOException {
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

    /**
     * Reads into one buffer and handles every whole frame in it where it lies (no copy for a message
     * in one frame); when no whole frame is left, flushes what was sent meanwhile, then reads more.
     */
    private void read() {
        reader = Thread.currentThread();
        byte[] buffer = new byte[READ_BUFFER];
        int start = 0;
        int end = 0;
        Message message = new Message();
        try {
            while (true) {
                int need;
                while ((need = frameLength(buffer, start, end)) <= end - start) {
                    if (!frame(buffer, start, need, message)) {
                        return; // closed by the server
                    }
                    start += need;
                }
                readerBusy = false;
                drain(); // what was sent while this thread was busy goes now, in one write
                if (start == end && buffer.length > 1024 * 1024) {
                    buffer = new byte[READ_BUFFER]; // a big message is gone: do not keep its room
                    start = 0;
                    end = 0;
                } else if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (need > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(need, buffer.length * 2));
                }
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    throw new EOFException("the server closed the connection");
                }
                end += n;
                readerBusy = true;
            }
        } catch (IOException | RuntimeException e) {
            end(ended.get() ? "closed" : "connection failed" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            readerBusy = false;
        }
    }

    /**
     * How many bytes the frame at {@code start} takes, header included, as far as the bytes up to
     * {@code end} tell: more than {@code end - start} when it is not all there yet.
     */
    private static int frameLength(byte[] buffer, int start, int end) throws IOException {
        int available = end - start;
        if (available < 2) {
            return 2;
        }
        int second = buffer[start + 1] & 0xff;
        if ((second & 0x80) != 0) {
            throw new IOException("a masked frame from the server (RFC 6455 5.1)");
        }
        long size = second & 0x7f;
        int header = 2;
        if (size == 126) {
            if (available < 4) {
                return 4;
            }
            size = ((buffer[start + 2] & 0xff) << 8) | (buffer[start + 3] & 0xff);
            header = 4;
        } else if (size == 127) {
            if (available < 10) {
                return 10;
            }
            size = 0;
            for (int i = 0; i < 8; i++) {
                size = (size << 8) | (buffer[start + 2 + i] & 0xff);
            }
            header = 10;
        }
        if (size < 0 || size > MAX_MESSAGE) {
            throw new IOException("a message from the server over " + MAX_MESSAGE + " bytes");
        }
        return header + (int) size;
    }

    /** Handles one whole frame of {@code length} bytes; false when it was the server's close. */
    private boolean frame(byte[] buffer, int start, int length, Message message) throws IOException {
        int first = buffer[start] & 0xff;
        int second = buffer[start + 1] & 0x7f;
        int header = second == 126 ? 4 : second == 127 ? 10 : 2;
        int payload = start + header;
        int size = length - header;
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0f;
        if (opcode >= 8) { // control frames: at most 125 bytes, never fragmented
            byte[] body = Arrays.copyOfRange(buffer, payload, payload + size);
            if (opcode == 8) {
                control(0x88, body);
                end("closed by the server (" + closeText(body) + ")");
                return false;
            }
            if (opcode == 9) {
                control(0x8A, body);
            }
            return true;
        }
        if (opcode != 0) {
            message.begin(opcode == 1);
        }
        if (fin && message.isEmpty()) { // the usual case: a message in one frame, handed over where it lies
            if (message.text) {
                onMessage.accept(buffer, payload, size);
            }
            return true;
        }
        message.append(buffer, payload, size);
        if (fin) {
            if (message.text) {
                onMessage.accept(message.bytes, 0, message.length);
            }
            message.clear();
        }
        return true;
    }

    /** A message that comes in several frames, gathered until its last. */
    private static final class Message {
        byte[] bytes = new byte[0];
        int length;
        boolean text;

        void begin(boolean isText) {
            text = isText;
            length = 0;
        }

        boolean isEmpty() {
            return length == 0;
        }

        void append(byte[] buffer, int offset, int size) throws IOException {
            if ((long) length + size > MAX_MESSAGE) {
                throw new IOException("a message from the server over " + MAX_MESSAGE + " bytes");
            }
            if (length + size > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + size, bytes.length * 2));
            }
            System.arraycopy(buffer, offset, bytes, length, size);
            length += size;
        }

        void clear() {
            length = 0;
            if (bytes.length > 1024 * 1024) {
                bytes = new byte[0];
            }
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

    // --- writing

    /**
     * Sends a text frame given as UTF-8 bytes, one request at a time; never waits for another sender:
     * the sender writes it (with whatever else waits), unless it is the reading thread, busy, whose
     * flush then takes it.
     */
    Sent send(byte[] utf8) {
        return send(utf8, utf8.length, false);
    }

    /**
     * {@link #send(byte[])} for the first {@code length} bytes of {@code utf8}, which the caller may
     * reuse once this returns; {@code othersInFlight} when the frame is one of a pipeline (requests
     * sent and not answered yet): then the writer thread writes it, with whatever the sender adds meanwhile.
     */
    Sent send(byte[] utf8, int length, boolean othersInFlight) {
        if (ended.get()) {
            return Sent.ENDED;
        }
        byte[] frame = frame(0x81, utf8, length);
        if (queuedBytes.addAndGet(frame.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-frame.length);
            return Sent.FULL;
        }
        outgoing.add(frame);
        if (readerBusy && (othersInFlight || Thread.currentThread() == reader)) {
            return Sent.QUEUED; // the reading thread flushes it once it has handled what it read
        }
        if (othersInFlight) {
            if (writerParked) {
                LockSupport.unpark(writer);
            }
            return Sent.QUEUED;
        }
        drain();
        return Sent.QUEUED;
    }

    /** The writer thread: writes what waits, parks while nothing does (or while another thread writes it). */
    private void write() {
        while (!ended.get()) {
            writerParked = true;
            if (outgoing.isEmpty() || writing.get()) {
                LockSupport.park(this);
            }
            writerParked = false;
            drain();
        }
    }

    /** A pong or a close: written now, with whatever waits. */
    private void control(int opcodeByte, byte[] payload) {
        byte[] frame = frame(opcodeByte, payload, payload.length);
        queuedBytes.addAndGet(frame.length);
        outgoing.add(frame);
        drain();
    }

    /** Writes what waits, then flushes once; whoever finds the writer busy leaves its frame to it. */
    private void drain() {
        while (!outgoing.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                for (byte[] frame = outgoing.poll(); frame != null; frame = outgoing.poll()) {
                    queuedBytes.addAndGet(-frame.length);
                    out.write(frame);
                }
                out.flush();
                flushes.incrementAndGet();
            } catch (IOException e) {
                outgoing.clear();
                end("sending failed" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } finally {
                writing.set(false);
            }
        }
    }

    /** How many times frames were flushed to the socket (for tests: a burst is one). */
    long flushes() {
        return flushes.get();
    }

    /** A masked frame, as a client must send (RFC 6455 5.3). */
    private static byte[] frame(int opcodeByte, byte[] payload, int n) {
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
            LockSupport.unpark(writer);
        }
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true)) {
            closeSocket();
            outgoing.clear();
            LockSupport.unpark(writer);
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
