package io.switchboard.bench.load;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many WebSocket connections on Jetty's client ({@link FrameSocket#connect}): its selector and pool
 * threads serve all of them, so ten thousand subscribers cost the driver their buffers and no thread
 * each, and the client is not what limits a connection-count benchmark. Each connection upgrades,
 * sends the handshake and one subscription ({@code on}), and then counts the publications it is
 * sent, from their bytes. Pings are answered ({@link FrameSocket}), so the server's heartbeat does not end idle sessions.
 */
final class ManySockets implements AutoCloseable {

    /** Connections being set up at once: enough to keep the server's accept path busy, few enough not to flood its backlog. */
    private static final int SETUP_WINDOW = 256;

    private final int port;
    private final String subscribe;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Semaphore settingUp = new Semaphore(SETUP_WINDOW);
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private volatile long lastDeliveryNanos;
    private volatile String firstFailure;
    private volatile boolean running = true;
    private Thread opener;

    ManySockets(int port, String subscribe) {
        this.port = port;
        this.subscribe = subscribe;
    }

    /** Opens {@code total} connections, at most {@value #SETUP_WINDOW} in set-up at once; returns at once (see {@link #ready()}, {@link #failed()}). */
    synchronized void open(int total) {
        opener = new Thread(() -> {
            try {
                for (int i = 0; i < total && running; i++) {
                    settingUp.acquire();
                    Conn conn = new Conn();
                    conns.add(conn);
                    FrameSocket.connect(port, conn::text, conn::ended).whenComplete((socket, failure) -> {
                        if (failure != null) {
                            conn.fail("no session: " + failure);
                        } else {
                            conn.opened(socket);
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "many-sockets-opener");
        opener.setDaemon(true);
        opener.start();
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

    @Override
    public void close() {
        running = false;
        if (opener != null) {
            opener.interrupt();
        }
        for (Conn conn : conns) {
            conn.close();
        }
    }

    private enum State { UPGRADING, SUBSCRIBING, READY, DONE }

    private static final String HANDSHAKE = "{\"id\":0,\"action\":\"handshake\",\"client\":\"conns\"}";
    private static final byte[] REFUSED = Bytes.ascii("\"ok\":false");
    private static final byte[] SUBSCRIBED = Bytes.ascii("{\"id\":1,");

    /** One connection's state: its frames come one at a time on Jetty's reading thread; the state is volatile for the others. */
    private final class Conn {
        private volatile State state = State.UPGRADING;
        private volatile FrameSocket socket;

        /** The upgrade is done: the handshake and the subscription go out in one write. */
        void opened(FrameSocket opened) {
            socket = opened;
            if (state == State.DONE) {
                opened.close();
                return;
            }
            state = State.SUBSCRIBING;
            try {
                opened.send(HANDSHAKE, false);
                opened.send(subscribe, true);
            } catch (java.io.IOException e) {
                fail(e.toString());
            }
        }

        void text(ByteBuffer payload) {
            if (state == State.READY) {
                // {"publication" ...: counted from two bytes, no String
                if (payload.remaining() > 14 && payload.get(payload.position() + 2) == 'p' && payload.get(payload.position() + 3) == 'u') {
                    delivered.incrementAndGet();
                    lastDeliveryNanos = System.nanoTime();
                }
                return;
            }
            if (Bytes.contains(payload, REFUSED)) {
                fail("refused: " + Bytes.text(payload));
            } else if (Bytes.startsWith(payload, SUBSCRIBED)) {
                subscribed();
            }
        }

        /** Under the lock {@link #fail} takes, so that a connection is counted ready or failed, never both. */
        private synchronized void subscribed() {
            if (state == State.SUBSCRIBING) {
                state = State.READY;
                ready.incrementAndGet();
                settingUp.release();
            }
        }

        void ended(String why) {
            if (!running) {
                return; // closed by the driver at the end of the run
            }
            if (state == State.READY) {
                closedByServer.incrementAndGet();
            }
            fail(why);
        }

        synchronized void fail(String why) {
            State was = state;
            if (was == State.DONE) {
                return;
            }
            state = State.DONE;
            if (was == State.READY) {
                ready.decrementAndGet();
            } else {
                settingUp.release();
            }
            failed.incrementAndGet();
            if (firstFailure == null) {
                firstFailure = why;
            }
            close();
        }

        void close() {
            FrameSocket open = socket;
            if (open != null) {
                open.close();
            }
        }
    }
}
