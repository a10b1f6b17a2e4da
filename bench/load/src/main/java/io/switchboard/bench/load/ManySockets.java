package io.switchboard.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many WebSocket connections on one selector thread (RFC 6455 client side, text frames, masked),
 * so that ten thousand subscribers cost the driver ten thousand small buffers and no threads: the
 * client must not be what limits a connection-count benchmark. Each connection upgrades, sends the
 * handshake and one subscription ({@code on}), and then counts the publications it is sent. Pings
 * are answered, so the server's heartbeat does not end idle sessions.
 */
final class ManySockets implements AutoCloseable {

    /** Connections being set up at once: enough to keep the server's accept path busy, few enough not to flood its backlog. */
    private static final int SETUP_WINDOW = 256;

    private final InetSocketAddress address;
    private final String subscribe;
    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private volatile long lastDeliveryNanos;
    private volatile String firstFailure;
    private final Thread loop;
    private volatile boolean running = true;
    private int wanted;
    private int started;

    ManySockets(int port, String subscribe) throws IOException {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.subscribe = subscribe;
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "many-sockets");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens connections until {@code total} are asked for; returns at once (see {@link #ready()}, {@link #failed()}). */
    synchronized void open(int total) {
        wanted = total;
        selector.wakeup();
    }

    int ready() {
        return ready.get();
    }

    int failed() {
        return failed.get();
    }

    int closedByServer() {
        return closedByServer.get();
    }

    long delivered() {
        return delivered.get();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    String firstFailure() {
        return firstFailure;
    }

    private void run() {
        try {
            while (running) {
                startMore();
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            conn.connected();
                        }
                        if (key.isValid() && key.isWritable()) {
                            conn.writeOut();
                        }
                        if (key.isValid() && key.isReadable()) {
                            conn.read();
                        }
                    } catch (IOException | RuntimeException e) {
                        conn.fail(e.toString());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            firstFailure = "selector: " + e;
        }
    }

    private void startMore() {
        int target;
        synchronized (this) {
            target = wanted;
        }
        while (started < target && started - ready.get() - failed.get() < SETUP_WINDOW) {
            started++;
            Conn conn = new Conn();
            try {
                conn.channel = SocketChannel.open();
                conn.channel.configureBlocking(false);
                conn.channel.socket().setTcpNoDelay(true);
                conn.key = conn.channel.register(selector, SelectionKey.OP_CONNECT, conn);
                if (conn.channel.connect(address)) {
                    conn.connected();
                }
                conns.add(conn);
            } catch (IOException e) {
                conn.fail(e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Conn conn : conns) {
            try {
                conn.channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private enum State { UPGRADING, SUBSCRIBING, READY, DONE }

    /** One connection's state, touched by the selector thread only. */
    private final class Conn {
        SocketChannel channel;
        SelectionKey key;
        State state = State.UPGRADING;
        ByteBuffer in = ByteBuffer.allocate(1024);
        ByteBuffer out;
        final byte[] mask = new byte[4];

        void connected() throws IOException {
            channel.finishConnect();
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            ThreadLocalRandom.current().nextBytes(mask);
            send(("GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: switchboard.v1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        void read() throws IOException {
            int n = channel.read(in);
            if (n < 0) {
                if (state == State.READY) {
                    closedByServer.incrementAndGet();
                }
                fail("the server closed the connection");
                return;
            }
            in.flip();
            if (state == State.UPGRADING && !upgraded()) {
                in.compact();
                return;
            }
            while (state != State.DONE && frame()) {
                // one whole frame handled
            }
            in.compact();
            if (!in.hasRemaining()) {
                ByteBuffer grown = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                grown.put(in);
                in = grown;
            }
        }

        /** Reads the upgrade's answer once it is whole; sends the handshake and the subscription behind it. */
        private boolean upgraded() throws IOException {
            int end = -1;
            for (int i = in.position(); i + 3 < in.limit(); i++) {
                if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                    end = i + 4;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            byte[] head = new byte[end - in.position()];
            in.get(head);
            String status = new String(head, StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                byte[] body = new byte[Math.min(in.remaining(), 300)];
                in.get(body);
                fail("upgrade refused: " + status.substring(0, Math.max(0, status.indexOf('\r'))) + " " + new String(body, StandardCharsets.UTF_8));
                return false;
            }
            state = State.SUBSCRIBING;
            text("{\"id\":0,\"action\":\"handshake\",\"client\":\"conns\"}");
            text(subscribe);
            return true;
        }

        /** Handles one whole frame from the buffer, if there is one. */
        private boolean frame() throws IOException {
            int start = in.position();
            if (in.remaining() < 2) {
                return false;
            }
            int first = in.get(start) & 0xff;
            int len = in.get(start + 1) & 0x7f;
            int header = 2;
            if (len == 126) {
                if (in.remaining() < 4) {
                    return false;
                }
                len = ((in.get(start + 2) & 0xff) << 8) | (in.get(start + 3) & 0xff);
                header = 4;
            } else if (len == 127) {
                throw new IOException("a frame over 64 KB");
            }
            if (in.remaining() < header + len) {
                return false;
            }
            byte[] payload = new byte[len];
            in.position(start + header);
            in.get(payload);
            switch (first & 0x0f) {
                case 1 -> text(payload);
                case 8 -> {
                    if (state == State.READY) {
                        closedByServer.incrementAndGet();
                    }
                    int code = len >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    fail("closed by the server: " + code + " " + new String(payload, Math.min(2, len), Math.max(0, len - 2), StandardCharsets.UTF_8));
                }
                case 9 -> frame(0x8A, payload);
                default -> { }
            }
            return true;
        }

        private void text(byte[] payload) {
            if (state == State.READY) {
                if (payload.length > 14 && payload[2] == 'p' && payload[3] == 'u') { // {"publication"
                    delivered.incrementAndGet();
                    lastDeliveryNanos = System.nanoTime();
                }
                return;
            }
            String answer = new String(payload, StandardCharsets.UTF_8);
            if (answer.contains("\"ok\":false")) {
                fail("refused: " + answer);
            } else if (answer.startsWith("{\"id\":1,")) {
                state = State.READY;
                ready.incrementAndGet();
            }
        }

        void text(String text) throws IOException {
            frame(0x81, text.getBytes(StandardCharsets.UTF_8));
        }

        private void frame(int opcodeByte, byte[] payload) throws IOException {
            if (payload.length >= 65_536) {
                throw new IOException("frame too large for the driver");
            }
            ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
            frame.put((byte) opcodeByte);
            if (payload.length < 126) {
                frame.put((byte) (0x80 | payload.length));
            } else {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            }
            frame.put(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.put((byte) (payload[i] ^ mask[i & 3]));
            }
            frame.flip();
            send(frame);
        }

        private void send(byte[] bytes) throws IOException {
            send(ByteBuffer.wrap(bytes));
        }

        private void send(ByteBuffer bytes) throws IOException {
            if (out != null) {
                ByteBuffer joined = ByteBuffer.allocate(out.remaining() + bytes.remaining());
                joined.put(out).put(bytes).flip();
                out = joined;
            } else {
                out = bytes;
            }
            writeOut();
        }

        void writeOut() throws IOException {
            if (out != null) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    out = null;
                }
            }
            key.interestOps(out == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        void fail(String why) {
            if (state == State.DONE) {
                return;
            }
            boolean wasReady = state == State.READY;
            state = State.DONE;
            if (wasReady) {
                ready.decrementAndGet();
            }
            failed.incrementAndGet();
            if (firstFailure == null) {
                firstFailure = why;
            }
            try {
                channel.close();
            } catch (IOException e) {
                // already failing
            }
        }
    }
}
