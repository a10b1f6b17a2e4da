package io.switchboard.transport.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

import io.switchboard.session.Connection;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.session.SessionManager;
import io.switchboard.session.SessionRefusedException;

/**
 * One WebSocket connection on Jetty 12's core WebSocket API: frames arrive as bytes on the thread
 * that read them and go to the session layer as bytes (no text is made of a frame); what the
 * session layer writes goes out as bytes, batched in the connection's {@link FrameWriter}, and the last frame of a
 * run is sent unbatched at the flush, which writes the run in one gathered write.
 *
 * <p>The reading thread asks for the next frame (demand) as soon as it has handed this one over,
 * so a frame waiting in the read buffer is parsed at once. While one does ({@link ReadAhead}), a
 * flush asked for by the reading thread waits until the buffer is drained: a pipelining client
 * gets its answers in one write, a client that waits for each answer gets it at once.
 */
final class FrameConnection implements FrameHandler, Connection {

    /** A message's bytes are gathered in a buffer this big at first, grown as needed up to the frame limit. */
    private static final int FIRST_BUFFER = 1024;
    /** A buffer grown past this (by one large message) is let go after that message, so idle connections stay small. */
    private static final int KEPT_BUFFER = 64 * 1024;

    private final SessionManager sessions;
    private final String protocol;
    private final int maxMessageBytes;
    private volatile CoreSession core;
    /** The connection as Jetty reads it, when it reads on its selector (not in unit tests' fakes). */
    private volatile SelectorReadConnection reader;
    /**
     * Whether this connection's text frames may go straight to {@link #reader}'s frame writer (see
     * {@link #sendText}): not in unit tests' fakes, nor when an extension was negotiated.
     */
    private volatile boolean direct;
    /** Jetty's limit on an outgoing frame's payload: a longer one goes through the session, which fragments it. */
    private volatile long maxFrameBytes;
    /** Set by {@link #handOff} on the reading thread while it delivers a frame: that thread asks for no next frame. */
    private boolean handedOff;
    private volatile SessionEndpoint endpoint;
    private volatile String remote = "-";

    // the message being read, fragment by fragment: the reading thread's alone (Jetty reads one frame at a time)
    private byte[] message;
    private int length;
    private boolean inMessage;

    /** The reading thread while frames wait behind the one it handles: its flushes wait until they are read. */
    private volatile Thread holding;
    /**
     * The last frame written and not yet sent, with its callback (guarded by {@link #outLock}). It is
     * sent batched when the next one comes, or unbatched at a flush, which writes it together with
     * all that Jetty batched before it: a run needs no flush frame of its own.
     */
    private final Object outLock = new Object();
    private byte[] last;
    private Consumer<Throwable> lastDone;

    FrameConnection(SessionManager sessions, String protocol, int maxMessageBytes) {
        this.sessions = sessions;
        this.protocol = protocol;
        this.maxMessageBytes = maxMessageBytes;
    }

    // --- Jetty's side

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        core = session;
        if (session instanceof WebSocketCoreSession jetty && jetty.getConnection() instanceof SelectorReadConnection selectorRead) {
            reader = selectorRead;
            if (jetty.getNegotiatedExtensions().isEmpty()) {
                maxFrameBytes = jetty.isAutoFragment() && jetty.getMaxFrameSize() > 0 ? jetty.getMaxFrameSize() : Long.MAX_VALUE;
                direct = true;
            }
        }
        remote = String.valueOf(session.getRemoteAddress());
        try {
            endpoint = sessions.open(this, protocol);
        } catch (SessionRefusedException e) {
            // no session (as many are open as the server takes): the client reads why in the close
            callback.succeeded();
            session.close(e.closeCode(), e.getMessage(), Callback.NOOP);
            session.demand();
            return;
        }
        callback.succeeded();
        session.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        if (endpoint == null) { // refused at open: frames are read only until the client's close
            callback.succeeded();
            if (frame.getOpCode() != OpCode.CLOSE) {
                core.demand();
            }
            return;
        }
        boolean more = ReadAhead.more(core);
        holding = more ? Thread.currentThread() : null;
        boolean demand = false;
        boolean handed = false;
        try {
            demand = handle(frame, callback);
        } finally {
            handed = handedOff;
            handedOff = false;
            if (!handed && (!more || !demand)) { // a hand-off has released what this thread held (handOff)
                release();
            }
        }
        if (handed) {
            return; // the next frame is asked for once the request has run (SelectorReadConnection)
        }
        if (demand) {
            core.demand();
        }
    }

    /** Handles one frame; returns whether to read the next one. */
    private boolean handle(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.CONTINUATION -> {
                return text(frame, callback);
            }
            case OpCode.BINARY -> {
                return refuse(callback, CloseStatus.BAD_DATA, "binary frames are not accepted: send JSON text frames");
            }
            case OpCode.PING -> {
                core.sendFrame(new Frame(OpCode.PONG, BufferUtil.copy(frame.getPayload())), Callback.NOOP, false);
                callback.succeeded();
                return true;
            }
            case OpCode.PONG -> {
                endpoint.pong();
                callback.succeeded();
                return true;
            }
            default -> { // CLOSE: Jetty answers it once the callback succeeds
                callback.succeeded();
                return false;
            }
        }
    }

    /** Gathers a text message's fragments; a whole one goes to the session. */
    private boolean text(Frame frame, Callback callback) {
        if (frame.getOpCode() == OpCode.CONTINUATION && !inMessage) {
            callback.succeeded(); // the rest of a binary message, already refused
            return false;
        }
        ByteBuffer payload = frame.getPayload();
        int size = payload == null ? 0 : payload.remaining();
        if ((long) length + size > maxMessageBytes) {
            forget();
            return refuse(callback, CloseStatus.MESSAGE_TOO_LARGE, "a frame over " + maxMessageBytes + " bytes");
        }
        ensure(length + size);
        if (size > 0) {
            payload.get(payload.position(), message, length, size);
            length += size;
        }
        inMessage = true;
        if (!frame.isFin()) {
            callback.succeeded();
            return true;
        }
        int whole = length;
        byte[] bytes = message;
        length = 0;
        inMessage = false;
        if (bytes.length > KEPT_BUFFER) {
            message = null; // one large message: the next gets a small buffer again, so idle connections stay small
        }
        if (!Utf8.valid(bytes, 0, whole)) {
            return refuse(callback, CloseStatus.BAD_PAYLOAD, "the text frame is not valid UTF-8");
        }
        callback.succeeded();
        endpoint.received(bytes, 0, whole);
        return true;
    }

    /**
     * Refuses a frame: the session closes the connection, after the answers already queued for what
     * the client sent before it (the rule for every close the server starts). Reads no further.
     */
    private boolean refuse(Callback callback, int code, String reason) {
        callback.succeeded();
        endpoint.close(code, reason);
        return false;
    }

    private void ensure(int capacity) {
        if (message == null) {
            message = new byte[Math.max(FIRST_BUFFER, capacity)];
        } else if (message.length < capacity) {
            byte[] grown = new byte[Math.min(maxMessageBytes, Math.max(capacity, message.length * 2))];
            System.arraycopy(message, 0, grown, 0, length);
            message = grown;
        }
    }

    private void forget() {
        length = 0;
        inMessage = false;
        message = null;
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        SessionEndpoint current = endpoint;
        if (current != null) {
            current.closed(CloseStatus.NO_CLOSE, String.valueOf(cause.getMessage()));
        }
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        SessionEndpoint current = endpoint;
        if (current != null) {
            current.closed(status.getCode(), status.getReason());
        }
        callback.succeeded();
    }

    // --- the session layer's side

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public boolean readerIsShared() {
        SelectorReadConnection jetty = reader;
        return jetty != null && jetty.readingOnSelector();
    }

    /**
     * Runs the task on Jetty's pool; the connection's next frame is read once it has run, on that
     * thread while frames wait ({@link SelectorReadConnection#handOff}), and the selector goes back to
     * the other connections. The answers this thread held go now; when frames wait behind the
     * request, its answer is held in turn on the pool's thread, which reads them next, so that a
     * pipelining client still gets a run of answers in one write.
     */
    @Override
    public boolean handOff(Runnable task) {
        SelectorReadConnection jetty = reader;
        if (jetty == null || !jetty.readingOnSelector()) {
            return false;
        }
        boolean more = holding == Thread.currentThread();
        release();
        Runnable held = more ? () -> {
            holding = Thread.currentThread();
            task.run();
        } : task;
        if (!jetty.handOff(held, this::releaseAfterHandOff)) {
            holding = more ? Thread.currentThread() : null;
            return false; // the session runs it another way, and this thread reads on
        }
        handedOff = true;
        return true;
    }

    /** On the pool's thread, once the handed-off request has run and what waited behind it is read: its held answers go. */
    private void releaseAfterHandOff() {
        if (holding == Thread.currentThread()) {
            release();
        }
    }

    @Override
    public void write(byte[] frame, Consumer<Throwable> done) {
        synchronized (outLock) {
            if (last != null) {
                sendText(last, lastDone, true);
            }
            last = frame;
            lastDone = done;
        }
    }

    /**
     * A text frame goes to the connection's {@link FrameWriter}, which batches it and writes runs in one
     * write. When no extension was negotiated and the frame needs no fragmenting, it goes there
     * directly: the session's outgoing layers (its state check, the extension stack, the fragmenting
     * flusher, each behind a lock of its own) would pass it on unchanged, at about a tenth of a set's server
     * CPU (bench/README-edge.md, seventh stop). What they guard still holds: the writer refuses every frame
     * once a close frame is queued or the connection has closed, and fails its callback.
     */
    private void sendText(byte[] frame, Consumer<Throwable> done, boolean batch) {
        Frame text = new Frame(OpCode.TEXT, ByteBuffer.wrap(frame));
        if (direct && frame.length <= maxFrameBytes) {
            reader.sendOwned(text, new Written(done), batch);
        } else {
            core.sendFrame(text, new Written(done), batch);
        }
    }

    /** A frame's callback that reports to the session layer's {@code done}: one object per frame. */
    private record Written(Consumer<Throwable> done) implements Callback {
        @Override
        public void succeeded() {
            done.accept(null);
        }

        @Override
        public void failed(Throwable cause) {
            done.accept(cause);
        }
    }

    @Override
    public void flush() {
        if (holding == Thread.currentThread()) {
            return; // the client's next frames are read already: their answers go with these, at release()
        }
        flushNow();
    }

    /**
     * The read buffer is drained (or the reading thread leaves): what was written for the client
     * goes now, whether or not a flush was asked of this connection meanwhile: on Jetty's selector the
     * session's flushes are held until the whole read returns ({@code HeldFlushes}, for the other
     * connections a read writes to), and the client's own answers should not wait for that.
     */
    private void release() {
        holding = null;
        flushNow();
    }

    private void flushNow() {
        synchronized (outLock) {
            byte[] frame = last;
            if (frame != null) {
                Consumer<Throwable> done = lastDone;
                last = null;
                lastDone = null;
                sendText(frame, done, false);
            }
        }
    }

    @Override
    public void send(String frame, Consumer<Throwable> done) {
        write(frame.getBytes(java.nio.charset.StandardCharsets.UTF_8), done);
        flushNow();
    }

    @Override
    public void sendBuffered(String frame, Consumer<Throwable> done) {
        write(frame.getBytes(java.nio.charset.StandardCharsets.UTF_8), done);
    }

    @Override
    public void ping() {
        core.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
    }

    @Override
    public void close(int code, String reason) {
        CoreSession current = core;
        if (current != null && current.isOutputOpen()) {
            flushNow(); // what was written before the close goes first
            current.close(code, reason, Callback.NOOP);
        }
    }
}
