package io.switchboard.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;

/**
 * One switchboard.v1 WebSocket session on Jetty's core WebSocket client, for drivers that write raw
 * frames. Text frames are sent as Jetty frames, either flushed at once or left in Jetty's batch
 * buffer until {@link #flush()} (a pipelining writer's one write per window). Received text comes
 * either to {@link #receive()} (a String per frame, for set-ups and checks) or, once
 * {@link #listen} is called, to a listener on Jetty's reading thread as the frame's bytes (no String,
 * no hand-off to another thread). Pings are answered with pongs.
 */
final class FrameSocket implements AutoCloseable {

    /** Told of each text message, on Jetty's reading thread; the payload is lent for the call only. */
    interface Listener {
        void text(ByteBuffer payload) throws IOException;
    }

    /** An answer in {@link #oneAtATime}: its index, the time from its request's write to it, its bytes. */
    interface Answer {
        void answered(int index, long nanos, ByteBuffer payload) throws IOException;
    }

    /** How long {@link #receive()} and {@link #oneAtATime} wait for a frame before they give up. */
    static final long RECEIVE_TIMEOUT_SECONDS = 60;

    /**
     * Without an idle timeout of Jetty's own: the drivers bound their waits themselves, and idle
     * subscribers must stay. Buffers of 64 KB, as the hand-written client had: a pipelining writer's
     * window of frames goes out in one write (Jetty's default batch buffer, 4 KB, holds 35 of them),
     * and a reader takes what came in one read. No auto-fragmenting: a frame split across two reads
     * is put together by Jetty, as the hand-written client read whole frames.
     */
    private static final Configuration.ConfigurationCustomizer SESSION = new Configuration.ConfigurationCustomizer();

    static {
        SESSION.setIdleTimeout(Duration.ZERO);
        SESSION.setOutputBufferSize(64 * 1024);
        SESSION.setInputBufferSize(64 * 1024);
        SESSION.setAutoFragment(false);
    }

    /** What {@link #receive()} finds once the session has ended. */
    private record Ended(String why) {
    }

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final Listener queue = payload -> received.add(Bytes.text(payload));
    private volatile Listener listener;
    private volatile Consumer<String> onEnd;
    private volatile String ended;
    private volatile CoreSession session;
    private final Callback sent = Callback.from(() -> { }, this::sendFailed);

    private FrameSocket(Listener listener, Consumer<String> onEnd) {
        this.listener = listener == null ? queue : listener;
        this.onEnd = onEnd;
    }

    /** Opens a session to the runtime on 127.0.0.1:port and waits for it; received text goes to {@link #receive()}. */
    static FrameSocket open(int port) throws IOException {
        return open(port, "/api/ws");
    }

    static FrameSocket open(int port, String path) throws IOException {
        try {
            return connect(port, path, null, null).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("no WebSocket session: " + cause, cause);
        } catch (TimeoutException e) {
            throw new IOException("no WebSocket session within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting");
        }
    }

    /**
     * Starts opening a session without waiting; text goes to {@code listener} from the first frame
     * (null: to {@link #receive()}), and {@code onEnd} (may be null) is told why the session ended.
     */
    static CompletableFuture<FrameSocket> connect(int port, Listener listener, Consumer<String> onEnd) {
        return connect(port, "/api/ws", listener, onEnd);
    }

    private static CompletableFuture<FrameSocket> connect(int port, String path, Listener listener, Consumer<String> onEnd) {
        FrameSocket socket = new FrameSocket(listener, onEnd);
        CoreClientUpgradeRequest request = CoreClientUpgradeRequest.from(JettyClients.webSocket(), URI.create("ws://127.0.0.1:" + port + path),
                socket.new Handler());
        request.setSubProtocols("switchboard.v1");
        request.setConfiguration(SESSION);
        request.timeout(30, TimeUnit.SECONDS);
        try {
            return JettyClients.webSocket().connect(request).thenApply(session -> {
                socket.session = session;
                return socket;
            });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Writes one text frame; {@code flush} false leaves it in Jetty's batch buffer for a later flush. */
    void send(String text, boolean flush) throws IOException {
        if (ended != null) {
            throw new IOException(ended);
        }
        session.sendFrame(new Frame(OpCode.TEXT, text), sent, !flush);
    }

    void flush() {
        session.flush(sent);
    }

    /** The next text frame; fails once the session has ended, or when none comes within 60 s. */
    String receive() throws IOException {
        Object next;
        try {
            next = received.poll(RECEIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a frame");
        }
        if (next == null) {
            throw new IOException("no frame within " + RECEIVE_TIMEOUT_SECONDS + " s");
        }
        if (next instanceof Ended end) {
            received.add(end); // so that every later receive fails the same way
            throw new IOException(end.why());
        }
        return (String) next;
    }

    /**
     * From now on, text goes to {@code listener} instead of {@link #receive()}. Call it when every
     * frame that came so far was received (between one answer and the next request): a frame that
     * arrived unread would be lost to the listener.
     */
    void listen(Listener listener) {
        if (received.peek() instanceof String unread) {
            throw new IllegalStateException("a frame came before the listener: " + unread);
        }
        this.listener = listener;
    }

    /** Tells {@code onEnd} why the session ended (at once if it has already). */
    void onEnd(Consumer<String> onEnd) {
        this.onEnd = onEnd;
        if (ended != null) {
            onEnd.accept(ended);
        }
    }

    /**
     * Sends {@code count} requests one at a time, each from the callback of the answer before it, on
     * Jetty's reading thread (one thread woken per request, as a reader blocked on its socket was),
     * and hands each answer to {@code answer}. Stops early at {@code deadlineNanos}; returns the
     * requests answered. Fails when an answer does not come within 60 s, when {@code answer} throws,
     * or when the session ends.
     */
    int oneAtATime(int count, long deadlineNanos, IntFunction<String> request, Answer answer) throws IOException {
        if (count <= 0) {
            return 0;
        }
        Chain chain = new Chain(count, deadlineNanos, request, answer);
        listen(chain);
        onEnd(why -> chain.done.completeExceptionally(new IOException(why)));
        chain.start();
        int seen = -1;
        while (true) {
            try {
                return chain.done.get(RECEIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (chain.index == seen) {
                    throw new IOException("no answer within " + RECEIVE_TIMEOUT_SECONDS + " s (request " + seen + ")");
                }
                seen = chain.index;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    /** The state of {@link #oneAtATime}: written by the caller for the first request, then by Jetty's reader only. */
    private final class Chain implements Listener {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        private final int count;
        private final long deadlineNanos;
        private final IntFunction<String> request;
        private final Answer answer;
        volatile int index;
        private volatile long sentNanos;

        Chain(int count, long deadlineNanos, IntFunction<String> request, Answer answer) {
            this.count = count;
            this.deadlineNanos = deadlineNanos;
            this.request = request;
            this.answer = answer;
        }

        void start() throws IOException {
            String first = request.apply(0);
            sentNanos = System.nanoTime();
            send(first, true);
        }

        @Override
        public void text(ByteBuffer payload) {
            if (done.isDone()) {
                return;
            }
            try {
                int i = index;
                answer.answered(i, System.nanoTime() - sentNanos, payload);
                index = ++i;
                if (i >= count || System.nanoTime() >= deadlineNanos) {
                    done.complete(i);
                    return;
                }
                String next = request.apply(i);
                sentNanos = System.nanoTime();
                send(next, true);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    private void sendFailed(Throwable failure) {
        if (ended == null) {
            System.err.println("a frame was not sent: " + failure);
        }
    }

    @Override
    public void close() {
        if (ended == null) {
            ended = "closed by the driver";
        }
        received.add(new Ended(ended)); // a reader waiting in receive() ends now, not when the close is answered
        CoreSession open = session;
        if (open != null) {
            open.close(CloseStatus.NORMAL, null, Callback.NOOP);
        }
    }

    /** Jetty's side: demand one frame at a time, text to the listener (whole messages), the end to whoever waits. */
    private final class Handler implements FrameHandler {
        private ByteArrayOutputStream fragments;

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            try {
                switch (frame.getOpCode()) {
                    case OpCode.TEXT -> {
                        if (frame.isFin()) {
                            listener.text(frame.getPayload());
                        } else {
                            fragments = new ByteArrayOutputStream();
                            append(frame);
                        }
                    }
                    case OpCode.CONTINUATION -> {
                        if (fragments != null) {
                            append(frame);
                            if (frame.isFin()) {
                                ByteBuffer whole = ByteBuffer.wrap(fragments.toByteArray());
                                fragments = null;
                                listener.text(whole);
                            }
                        }
                    }
                    case OpCode.PING -> {
                        // Jetty's core session leaves pongs to the handler: the server's heartbeat must be answered
                        ByteBuffer payload = frame.getPayload();
                        ByteBuffer copy = payload == null ? ByteBuffer.allocate(0) : ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
                        session.sendFrame(new Frame(OpCode.PONG, true, copy), sent, false);
                    }
                    default -> {
                        // a close is answered by Jetty; pongs need nothing
                    }
                }
            } catch (IOException | RuntimeException e) {
                callback.failed(e); // Jetty closes the session: its end reaches whoever waits
                return;
            }
            callback.succeeded();
            session.demand();
        }

        private void append(Frame frame) {
            ByteBuffer payload = frame.getPayload();
            if (payload != null) {
                byte[] bytes = new byte[payload.remaining()];
                payload.duplicate().get(bytes);
                fragments.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            if (ended == null) {
                ended = "the session failed: " + cause;
            }
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            if (ended == null) {
                ended = "closed by the server: " + closeStatus.getCode() + (closeStatus.getReason() == null ? "" : " " + closeStatus.getReason());
            }
            received.add(new Ended(ended));
            Consumer<String> told = onEnd;
            if (told != null) {
                told.accept(ended);
            }
            callback.succeeded();
        }
    }
}
