package io.switchboard.transport.internal;

import java.util.concurrent.Executor;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * A server WebSocket connection whose reads run on Jetty's selector thread. Jetty's own says its
 * reads may block, so its selector hands each one to another thread (a reserved thread takes over
 * the selecting while the selector's thread reads): a thread woken and a context switch per read,
 * which on the path of one request in flight cost more than the request's own work (bench/README-edge.md).
 *
 * <p>Saying "non-blocking" is true of what a read does here: a frame goes to the session layer
 * ({@link FrameConnection}), which runs a request on this thread only when its handler says it does
 * not block, and hands every other to the session's inbound lane; answers and publications are
 * written by Jetty's non-blocking flusher. Nothing on this path waits for a lock held across I/O. A
 * request that may hold its thread a while (a component's method) is handed to Jetty's pool
 * ({@link FrameConnection#handOff}), so that it never holds the selector, which reads every connection.
 */
final class SelectorReadConnection extends WebSocketConnection {

    /** The thread in {@link #onFillable}, the selector's: only it compares equal to itself here, so no fence is needed. */
    private Thread selecting;
    private final ReadsHere reads;

    /**
     * Jetty's pool, except for the read that a demand starts on a thread that asks for it in
     * {@link #demandHere}: Jetty would hand that read to yet another thread of the pool.
     */
    private static final class ReadsHere implements Executor {
        private final Executor pool;
        /** The thread in {@link #demandHere}; as {@link #selecting}, only the thread itself compares equal. */
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
    }

    /**
     * Asks for the next frame on a pool thread that has just run a handed-off request: frames that
     * wait are read on this thread, not handed to another one; when none waits, the selector reads
     * the next as usual.
     */
    void demandHere(CoreSession session) {
        reads.demanding = Thread.currentThread();
        try {
            session.demand();
        } finally {
            reads.demanding = null;
        }
    }

    /** Jetty's pool itself, for work of the transport's own (a handed-off request). */
    Executor pool() {
        return reads.pool;
    }

    @Override
    public void onFillable() {
        selecting = Thread.currentThread();
        try {
            super.onFillable();
        } finally {
            selecting = null;
        }
    }

    /**
     * Whether the calling thread reads this connection as Jetty's selector, which reads the others
     * too; false on a pool thread that goes on reading after a hand-off ({@link #demand} there).
     */
    boolean readingOnSelector() {
        return selecting == Thread.currentThread();
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
