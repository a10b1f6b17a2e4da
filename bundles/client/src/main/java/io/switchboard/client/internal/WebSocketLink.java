package io.switchboard.client.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One WebSocket connection on Jetty 12's core WebSocket client ({@link WebSocketConnector} opens it):
 * Jetty does the upgrade, the framing, the masking and the writes; this class keeps what the client
 * needs on top. A whole text message is handed over as its UTF-8 bytes on the thread that read it,
 * where they lie in Jetty's buffer, so an answer completes its request with no hand-off. Pings are
 * answered; one report when the link ends, however it ends.
 *
 * <p>Writes go through Jetty's frame flusher, which writes a frame at once unless it is sent
 * "batched": then it waits in Jetty's batch buffer until a flush (or an unbatched frame, or a full
 * buffer) writes everything waiting in one write. Who flushes, without a timer:
 * <ul>
 * <li>frames the reading thread sends from its callbacks, and those other threads send while
 * requests are in flight (a pipeline) while it reads, are batched; it flushes them once it has
 * handled all it read and the socket has no more (the connector tells it, {@link #readDrained}),
 * so the answers to a read's messages share one write, as a pipelining sender's frames meanwhile
 * do; when Jetty reads on a thread of its own, not the connector's, once it has handled each message;</li>
 * <li>a frame sent while others are in flight and the reading thread is idle (a pipelining sender)
 * is batched and left to the link's writer thread, which flushes when it gets to run: the sender
 * goes on at once and the frames it sends meanwhile share that write;</li>
 * <li>else (one request at a time) the frame is sent unbatched: Jetty writes it on the sender's
 * thread at once, with no hand-off, even while the reading thread is busy.</li>
 * </ul>
 * Bytes given to {@link #send} and not yet taken by Jetty's writer count against a bound; a sender
 * that would pass it is refused.
 */
final class WebSocketLink implements FrameHandler {

    static final String SUBPROTOCOL = "switchboard.v1";
    /** The largest message the client takes from the server (the server's own frame limit is smaller). */
    static final int MAX_MESSAGE = 64 * 1024 * 1024;
    /** A buffer that gathered a message in fragments and grew past this is let go after it. */
    private static final int KEPT_BUFFER = 1024 * 1024;

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

    private final int maxQueuedBytes;
    private final MessageSink onMessage;
    private final BiConsumer<WebSocketLink, String> onEnd;
    /** Completes when the upgrade is done and the link can send; fails when it cannot be opened. */
    final CompletableFuture<WebSocketLink> opened = new CompletableFuture<>();
    private volatile CoreSession session;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong flushes = new AtomicLong();
    /** Frames were sent batched since the last flush: whoever flushes next writes them. */
    private final AtomicBoolean flushPending = new AtomicBoolean();
    /** The thread handling a message, while it does: it flushes what is batched meanwhile once done. */
    private volatile Thread reader;
    /**
     * The reading thread is in a read its connector told of ({@link #readStarted}): it stays the
     * reader from one message to the next and flushes once, when the read is drained; the reading
     * thread's alone.
     */
    private boolean inRead;
    /** The thread that flushes what pipelining senders batch while the reader is idle; parked while nothing waits. */
    private final Thread writer = new Thread(this::write, "switchboard-client-writer");
    private volatile boolean writerParked;
    /** Why Jetty reported the link failed, for the end report that follows. */
    private volatile Throwable failure;

    // a message in several frames, gathered until its last: the reading thread's alone (Jetty hands over one frame at a time)
    private byte[] message = new byte[0];
    private int length;
    private boolean inText;
    private boolean inBinary;

    /** {@code onEnd} learns which link ended, so a late report from an old link can be told apart. */
    WebSocketLink(int maxQueuedBytes, MessageSink onMessage, BiConsumer<WebSocketLink, String> onEnd) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.onMessage = onMessage;
        this.onEnd = onEnd;
        writer.setDaemon(true);
    }

    // --- Jetty's side

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        writer.start();
        callback.succeeded();
        if (ended.get()) { // closed while it opened
            closeNow(CloseStatus.NORMAL, null);
            opened.completeExceptionally(new java.io.IOException("the link was closed while it opened"));
            return;
        }
        coreSession.demand();
        opened.complete(this);
    }

    /**
     * The connector's reading thread begins a read of this link's connection (or of another link of
     * the same client, or the upgrade's): until {@link #readDrained}, what is sent is batched and left to it.
     */
    void readStarted() {
        inRead = true;
        reader = Thread.currentThread();
    }

    /**
     * The read begun in {@link #readStarted} has handled all it read, and the socket had no more:
     * what its messages' answers and the senders meanwhile batched goes now, in one write.
     */
    void readDrained() {
        inRead = false;
        reader = null;
        if (session != null) {
            flushIfPending();
        }
    }

    boolean isEnded() {
        return ended.get();
    }

    /**
     * Called by Jetty on the thread that read the frame; the next frame is asked for before returning, so it is read on this thread too.
     * Outside a read the connector told of, the frame's own end flushes what was batched meanwhile.
     */
    @Override
    public void onFrame(Frame frame, Callback callback) {
        boolean toldOfRead = inRead && reader == Thread.currentThread();
        if (!toldOfRead) {
            reader = Thread.currentThread();
        }
        boolean more = false;
        try {
            more = handle(frame);
        } catch (MessageTooLarge e) {
            fail(CloseStatus.MESSAGE_TOO_LARGE, e.getMessage());
        } catch (RuntimeException e) {
            fail(CloseStatus.POLICY_VIOLATION, "handling a message failed: " + e);
        } finally {
            callback.succeeded();
            if (!toldOfRead) {
                reader = null;
                flushIfPending(); // what was batched while this thread was busy goes now, in one write
            }
        }
        if (more) {
            session.demand();
        }
    }

    /** Handles one frame; returns whether to read the next. */
    private boolean handle(Frame frame) throws MessageTooLarge {
        switch (frame.getOpCode()) {
            case OpCode.TEXT -> {
                inText = true;
                inBinary = false;
                length = 0;
                text(frame);
            }
            case OpCode.CONTINUATION -> {
                if (inText) {
                    text(frame);
                } else if (frame.isFin()) {
                    inBinary = false;
                }
            }
            case OpCode.BINARY -> inBinary = !frame.isFin(); // the protocol has none: skipped, as the fragments that follow
            case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG, BufferUtil.copy(frame.getPayload())), Callback.NOOP, false);
            case OpCode.CLOSE -> {
                return false; // Jetty answers it once the callback succeeds, then reports the end in onClosed
            }
            default -> {
                // a pong: nothing to do
            }
        }
        return true;
    }

    /** A text frame: a whole message in one frame is handed over where it lies; fragments are gathered first. */
    private void text(Frame frame) throws MessageTooLarge {
        ByteBuffer payload = frame.getPayload() == null ? BufferUtil.EMPTY_BUFFER : frame.getPayload();
        if (frame.isFin() && length == 0 && payload.hasArray()) {
            inText = false;
            onMessage.accept(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            return;
        }
        int size = payload.remaining();
        if ((long) length + size > MAX_MESSAGE) {
            inText = false;
            length = 0;
            message = new byte[0];
            throw new MessageTooLarge();
        }
        if (length + size > message.length) {
            message = Arrays.copyOf(message, Math.max(length + size, message.length * 2));
        }
        payload.duplicate().get(message, length, size);
        length += size;
        if (frame.isFin()) {
            inText = false;
            try {
                onMessage.accept(message, 0, length);
            } finally {
                length = 0;
                if (message.length > KEPT_BUFFER) {
                    message = new byte[0];
                }
            }
        }
    }

    /** A message gathered from fragments past {@link #MAX_MESSAGE} (a single frame past it is refused by Jetty's parser). */
    private static final class MessageTooLarge extends Exception {
        MessageTooLarge() {
            super("a message from the server over " + MAX_MESSAGE + " bytes", null, false, false);
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        failure = cause;
        opened.completeExceptionally(cause); // a failed upgrade: no link to report the end of
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        Throwable why = failure;
        if (why != null) {
            end("connection failed: " + (why.getMessage() != null ? why.getMessage()
                    : why instanceof java.nio.channels.ClosedChannelException ? "the server closed the connection" : why.toString()));
        } else if (closeStatus != null && closeStatus.getCode() != CloseStatus.NO_CLOSE) {
            String reason = closeStatus.getReason();
            end("closed by the server (" + closeStatus.getCode() + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        } else {
            end("connection failed: the server closed the connection");
        }
        callback.succeeded();
    }

    // --- writing

    /**
     * Sends a text frame given as UTF-8 bytes, one request at a time; never waits for another sender:
     * Jetty writes it on this thread at once (with whatever was batched), unless this is the busy
     * reading thread, whose flush then takes it.
     */
    Sent send(byte[] utf8) {
        return send(utf8, utf8.length, false);
    }

    /**
     * {@link #send(byte[])} for the first {@code length} bytes of {@code utf8}, which the link owns
     * from now on (Jetty reads them when it writes); {@code othersInFlight} when the frame is one of a
     * pipeline (requests sent and not answered yet): then it is batched, and flushed by the reading
     * thread once it has handled the message in its hands, or else by the writer thread.
     */
    Sent send(byte[] utf8, int length, boolean othersInFlight) {
        CoreSession current = session;
        if (ended.get() || current == null) {
            return Sent.ENDED;
        }
        if (queuedBytes.addAndGet(length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-length);
            return Sent.FULL;
        }
        boolean batch = othersInFlight || Thread.currentThread() == reader;
        current.sendFrame(new Frame(OpCode.TEXT, true, ByteBuffer.wrap(utf8, 0, length)), new Taken(length), batch);
        if (!batch) {
            flushes.incrementAndGet();
            return Sent.QUEUED;
        }
        flushPending.set(true);
        if (reader == null && writerParked) {
            LockSupport.unpark(writer); // else the reading thread flushes it once it has handled its message
        }
        return Sent.QUEUED;
    }

    /** Jetty took a frame's bytes (wrote them, or copied them into its batch buffer), or gave up on them. */
    private final class Taken implements Callback {
        private final int length;

        Taken(int length) {
            this.length = length;
        }

        @Override
        public void succeeded() {
            queuedBytes.addAndGet(-length);
        }

        @Override
        public void failed(Throwable x) {
            queuedBytes.addAndGet(-length); // the connection failed: Jetty reports it in onClosed
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /**
     * The writer thread: flushes what is batched, parks while nothing is. While the reading thread
     * handles a message it leaves the flush to that thread, which makes it once done: woken then (a
     * spurious wake-up, or a sender that found the reader idle just before it turned busy), it would
     * split the message's answers into two writes.
     */
    private void write() {
        while (!ended.get()) {
            writerParked = true;
            if (!flushPending.get() || reader != null) {
                LockSupport.park(this);
            }
            writerParked = false;
            if (reader == null) {
                flushIfPending();
            }
        }
    }

    private void flushIfPending() {
        if (flushPending.getAndSet(false)) {
            flushes.incrementAndGet();
            session.flush(Callback.NOOP);
        }
    }

    /** How many writes the link asked Jetty for: unbatched sends and flushes (for tests: a burst's frames share one). */
    long flushes() {
        return flushes.get();
    }

    /** Closes the link (no end report): the close frame is written with what waits, then the connection is closed without waiting for the server's. */
    void close() {
        if (ended.compareAndSet(false, true)) {
            LockSupport.unpark(writer);
            closeNow(CloseStatus.NORMAL, null);
        }
    }

    /** Ends the link for something the client cannot take from the server: reported at once, then closed. */
    private void fail(int code, String why) {
        end("connection failed: " + why);
        closeNow(code, why);
    }

    private void closeNow(int code, String reason) {
        CoreSession current = session;
        if (current != null) {
            current.close(code, reason, Callback.from(current::abort, written -> current.abort()));
        }
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true)) {
            LockSupport.unpark(writer);
            onEnd.accept(this, why);
        }
    }

    @Override
    public String toString() {
        CoreSession current = session;
        return "WebSocketLink[" + (current == null ? "opening" : current.getRemoteAddress()) + "]";
    }
}
