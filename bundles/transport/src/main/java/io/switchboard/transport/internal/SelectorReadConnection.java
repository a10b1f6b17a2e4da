package io.switchboard.transport.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.flush.HeldFlushes;

/**
 * A server WebSocket connection whose reads run on Jetty's selector thread. Jetty's own says its
 * reads may block, so its selector hands each one to another thread (a reserved thread takes over
 * the selecting while the selector's thread reads): a thread woken and a context switch per read,
 * which on the path of one request in flight cost more than the request's own work (bench/README-edge.md).
 *
 * <p>Saying "non-blocking" is true of what a read does here: a frame goes to the session layer
 * ({@link FrameConnection}), which runs a request on this thread only when its handler says it does
 * not block, and hands every other to the session's inbound lane; answers and publications are
 * written by the connection's non-blocking {@link FrameWriter}. Nothing on this path waits for a lock held across I/O. A
 * request that may hold its thread a while (a component's method) is handed to Jetty's pool
 * ({@link #handOff}), so that it never holds the selector, which reads every connection.
 *
 * <p><b>Who asks for the next frame after a hand-off.</b> The connection's next frame is read only
 * after the handed-off request has run (the session's requests run in order, and a slow one holds
 * its own client, not the others). That request's thread must not ask Jetty for it while the
 * selector is still leaving its read: Jetty 12.0.32's {@code WebSocketConnection.fillAndParse},
 * leaving because nothing asked for more, loses a demand made by another thread in that window and
 * then neither reads nor waits for bytes again (jetty/jetty.project#14528, fixed in a later Jetty
 * than the one Felix's HTTP bundle embeds): the connection stalls until its heartbeats fail. So
 * whichever of the two finishes last asks: the request's thread when the selector has left, else
 * the selector itself, after its read has returned.
 *
 * <p>Not final only so that {@code SelectorReadHandshakerTest} can hold the selector in that window.
 */
class SelectorReadConnection extends WebSocketConnection {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorReadConnection.class);

    /** No request handed off from this connection is running. */
    private static final int NO_HAND_OFF = 0;
    /** A handed-off request runs while the selector is still in this connection's read. */
    private static final int RUNNING = 1;
    /** The handed-off request has run; the selector, still reading, asks for the next frame as it leaves. */
    private static final int RAN = 2;
    /** The selector has left; the handed-off request's thread asks for the next frame once it has run. */
    private static final int SELECTOR_LEFT = 3;

    private final AtomicInteger handOff = new AtomicInteger(NO_HAND_OFF);
    private final WebSocketCoreSession session;
    private final FrameWriter writer;
    private final ReadsHere reads;
    // made once: every read of the connection runs one of them
    private final Runnable fillAsSelector = this::fillAsSelector;
    private final Runnable demandHereIfOpen = this::demandHereIfOpen;
    /** The thread in {@link #onFillable}, the selector's: only it compares equal to itself here, so no fence is needed. */
    private Thread selecting;

    /**
     * Jetty's pool, except for the read that a demand starts on a thread that asks for it in
     * {@link #demandHereIfOpen}: Jetty would hand that read to yet another thread of the pool.
     */
    private static final class ReadsHere implements Executor {
        private final Executor pool;
        /** The thread in {@link #demandHereIfOpen}; as {@link #selecting}, only the thread itself compares equal. */
        private Thread demanding;

        ReadsHere(Executor pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            if (demanding == Thread.currentThread()) {
                task.run();
            } else {
                pool.execute(task);
            }
        }
    }

    SelectorReadConnection(EndPoint endPoint, Executor executor, Scheduler scheduler, ByteBufferPool buffers, WebSocketCoreSession session) {
        this(endPoint, new ReadsHere(executor), scheduler, buffers, session);
    }

    private SelectorReadConnection(EndPoint endPoint, ReadsHere reads, Scheduler scheduler, ByteBufferPool buffers, WebSocketCoreSession session) {
        super(endPoint, reads, scheduler, buffers, session);
        this.reads = reads;
        this.session = session;
        this.writer = new FrameWriter(endPoint, buffers, session.getOutputBufferSize(),
                failure -> session.processConnectionError(failure, Callback.NOOP));
    }

    /**
     * Every frame the connection sends, the session layer's and Jetty's own (pongs, close frames,
     * what its extension stack and fragmenting flusher pass on), goes out through its
     * {@link FrameWriter}, not Jetty's frame flusher, which stays empty. Frames from Jetty's session
     * are borrowed ({@link FrameWriter#enqueueBorrowed}).
     */
    @Override
    public void enqueueFrame(Frame frame, Callback callback, boolean batch) {
        writer.enqueueBorrowed(frame, callback, batch);
    }

    /**
     * A frame of the session layer's, sent straight to the writer ({@link FrameConnection}): its
     * payload is never reused, and its callback reports when it has been written.
     */
    void sendOwned(Frame frame, Callback callback, boolean batch) {
        writer.enqueue(frame, callback, batch);
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        writer.close(cause);
    }

    @Override
    public long getMessagesOut() {
        return writer.messagesOut();
    }

    @Override
    public long getBytesOut() {
        return writer.bytesOut();
    }

    /**
     * Runs a request on Jetty's pool, called by the selector while it delivers that request's frame;
     * the selector then asks for no next frame (see the class comment for who does). {@code afterwards}
     * runs on the pool's thread at the end, after what it read on. False when the pool refuses it:
     * the caller runs it some other way and reads on as usual.
     */
    boolean handOff(Runnable task, Runnable afterwards) {
        handOff.set(RUNNING);
        try {
            reads.pool.execute(() -> {
                try {
                    task.run(); // its answer leaves at once, unless frames wait behind it (FrameConnection)
                } finally {
                    if (!handOff.compareAndSet(RUNNING, RAN)) { // the selector has left: this thread asks
                        handOff.set(NO_HAND_OFF);
                        HeldFlushes.during(demandHereIfOpen); // and reads on, as the selector would
                    }
                    afterwards.run();
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            handOff.set(NO_HAND_OFF);
            return false;
        }
    }

    /**
     * Reads what the client sent, as the selector. What the requests read here write to other
     * connections (their publications to subscribers) is flushed once per connection when the read
     * returns ({@link HeldFlushes}): a run of pipelined requests sends each subscriber one write.
     * This connection's own answers leave sooner, when its read buffer is drained ({@link FrameConnection}).
     */
    @Override
    public void onFillable() {
        HeldFlushes.during(fillAsSelector);
    }

    private void fillAsSelector() {
        selecting = Thread.currentThread();
        try {
            super.onFillable();
            // Jetty's read has returned: the request handed off in it, if it has run, is this thread's to follow
            while (true) {
                if (handOff.compareAndSet(RUNNING, SELECTOR_LEFT)) {
                    break; // the request's thread asks for the next frame
                }
                if (!handOff.compareAndSet(RAN, NO_HAND_OFF)) {
                    break; // nothing was handed off
                }
                demandHereIfOpen(); // reads on, on this thread, still as the selector: it may hand off again
            }
        } finally {
            selecting = null;
        }
    }

    /**
     * Asks for the next frame on this thread, after a handed-off request: frames that wait are read
     * here, not handed to another thread; when none waits, the selector reads the next as usual. A
     * connection closed meanwhile reads nothing more.
     */
    private void demandHereIfOpen() {
        if (!session.isInputOpen()) {
            return;
        }
        reads.demanding = Thread.currentThread();
        try {
            session.demand();
        } catch (IllegalStateException refused) {
            if (session.isInputOpen()) { // not a close between the look and the demand: a demand already pending, which the hand-off rules out
                LOG.warn("a demand after a handed-off request was refused on {}", session, refused);
            }
        } finally {
            reads.demanding = null;
        }
    }

    /**
     * Whether the calling thread reads this connection as Jetty's selector, which reads the others
     * too; false on a pool thread that goes on reading after a hand-off.
     */
    boolean readingOnSelector() {
        return selecting == Thread.currentThread();
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
