package io.switchboard.transport.internal;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.WebSocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a server WebSocket connection's outgoing frames to its socket: every frame the session
 * layer or Jetty's session sends ({@link SelectorReadConnection#enqueueFrame}), in the order they
 * come, pings and pongs ahead of the data still waiting; a run of frames in one write.
 *
 * <p>Why not Jetty's frame flusher: per frame it takes its lock four to six times (enqueue, iterate,
 * process, success), makes an entry, a list and a timeout registration, and copies the frame into a
 * batch of at most eight: 14.5 % of a set's server CPU apart from the socket write itself
 * (bench/README-edge.md, eighth stop). Here a frame costs one lock; the thread that sends the first
 * frame of a run writes the run, frames sent meanwhile join the next write, and small frames are copied
 * with their headers into one pooled buffer, so a run is usually one plain {@code write} call.
 *
 * <p>What it keeps of Jetty's flusher: a frame after a CLOSE is refused; an abnormal CLOSE fails the
 * frames still waiting and goes alone; the output is shut once the CLOSE frame is written; a write
 * that fails fails every frame not yet written, closes the connection and tells the session; the
 * connection's close fails what waits. A batched data frame waits for a frame that is not batched (or
 * Jetty's flush) or for a buffer's worth of frames, as there, or for a run of {@link #RUN_FRAMES}
 * frames. Jetty's per-frame write timeout is not configured here (the idle timeout ends a write that
 * never completes).
 */
final class FrameWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);

    /** A frame's header is at most this long (a server's frames are not masked: 2 + 8). */
    private static final int MAX_HEADER = 10;
    /**
     * A read of many requests sends its answers in runs of this many, not all at the read's end: a
     * pipelining client gets its first answers while the rest of the read is handled, and sends more
     * meanwhile, so the client and the server work at the same time instead of in turns. Measured with
     * bench/edge.sh's pipelined sets (200 in flight, a warm driver, alternated): runs of 64 against one
     * run per read (up to 1,600 frames) took sets from 209,000–219,000 to 249,000–292,000 a second
     * unpinned and from 240,000–244,000 to 286,000–302,000 on split cores, and left them level on one
     * core; runs of 128 gained half as much, runs of 16 nothing (a write per few frames costs both
     * sides more than the overlap gains). On one core, where the two cannot run at once, remote calls
     * pipelined 100 at a time lost about 8 %. A count, not a time: it does not depend on the machine's speed.
     */
    static final int RUN_FRAMES = 64;
    /** A frame with a longer payload is written from its own buffer, not copied: as Jetty's flusher, a quarter of the buffer. */
    private final int copyLimit;
    /**
     * The frames one write takes at most, and the batched frames that make a write due (see {@link #due}):
     * {@link #RUN_FRAMES}, or fewer when their headers would not fit in half the buffer.
     */
    private final int maxRun;

    private final EndPoint endPoint;
    private final ByteBufferPool pool;
    private final int bufferSize;
    /** Told of a failed write, after the frames have failed: the session closes (Jetty's {@code processConnectionError}). */
    private final Consumer<Throwable> onWriteFailure;

    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    /** Frames in the queue that are not batched: a write goes while there is one. */
    private int unbatched;
    /** The bytes the queue's frames will take: a write goes once they would fill the buffer, batched or not. */
    private long waitingBytes;
    /** A thread writes runs, or a write waits for the socket: never two writes at once. */
    private boolean writing;
    private boolean closeQueued;
    private Throwable failure;
    private long messagesOut;
    private long bytesOut;

    // the run being written: the writing thread's, then the completion's when the socket made it wait
    private final List<Entry> run = new ArrayList<>(64);
    private RetainableByteBuffer aggregate;
    /**
     * Where a write the socket made wait stands: {@link #IN_CALL} while the writing thread is inside
     * {@code endPoint.write}, where a completion (on that thread or, in the moment before it returns,
     * on the selector) only says so and the writing thread goes on: one thread at a time has the run.
     */
    private final AtomicInteger waitingWrite = new AtomicInteger(NO_CALL);
    private static final int NO_CALL = 0;
    private static final int IN_CALL = 1;
    private static final int COMPLETED_IN_CALL = 2;
    private final Callback completion = Callback.from(Invocable.InvocationType.NON_BLOCKING, this::completed, this::writeFailed);

    private record Entry(Frame frame, Callback callback, boolean batch) {
    }

    FrameWriter(EndPoint endPoint, ByteBufferPool pool, int bufferSize, Consumer<Throwable> onWriteFailure) {
        this.endPoint = endPoint;
        this.pool = pool;
        this.bufferSize = Math.max(bufferSize, 1024);
        this.copyLimit = this.bufferSize / 4;
        this.maxRun = Math.min(RUN_FRAMES, this.bufferSize / 2 / MAX_HEADER);
        this.onWriteFailure = onWriteFailure;
    }

    /**
     * Queues a frame from a sender that may reuse its payload once called back, and that may wait for
     * that callback before it sends its next frame: Jetty's session, whose extension stack
     * (permessage-deflate, which browsers negotiate) and fragmenting flusher send one frame at a time.
     * A batched data frame is therefore copied and, while what waits takes less than a buffer, called
     * back at once, as Jetty's own flusher does with the frames it batches: called back only once
     * written, it would wait for the frame that ends the run, which its sender holds until then (a
     * browser's bus subscriber got nothing). Past a buffer's worth a write is due anyway, and the
     * frame is called back once written (so at most a buffer's worth waits called back, and one more
     * in a write the socket holds): a client that does not read holds its sender back, and the
     * session's limit on unsent bytes sees it, as with the session layer's own frames.
     */
    void enqueueBorrowed(Frame frame, Callback callback, boolean batch) {
        if (!batch || frame.isControlFrame() || frame.getOpCode() == OpCode.UNDEFINED) {
            enqueue(frame, callback, batch, false);
        } else {
            enqueue(Frame.copy(frame), callback, true, true);
        }
    }

    /**
     * Queues a frame whose payload is the sender's to keep until it is called back, once the frame is
     * written (or has failed); writes what waits unless another thread does. A batched data frame waits
     * for a frame that is not, or for a buffer's worth. A frame on a closed or failed connection fails
     * its callback.
     */
    void enqueue(Frame frame, Callback callback, boolean batch) {
        enqueue(frame, callback, batch, false);
    }

    /** {@code callBackEarly}: a copied frame, called back at once while what waits takes less than a buffer. */
    private void enqueue(Frame frame, Callback callback, boolean batch, boolean callBackEarly) {
        Throwable refused = null;
        List<Entry> abandoned = null;
        boolean write = false;
        boolean calledBack = false;
        synchronized (lock) {
            if (failure != null || closeQueued) {
                refused = failure != null ? failure : new ClosedChannelException();
            } else {
                calledBack = callBackEarly && waitingBytes + size(frame) < bufferSize;
                Entry entry = new Entry(frame, calledBack ? null : callback, batch);
                switch (frame.getOpCode()) {
                    case OpCode.CLOSE -> {
                        closeQueued = true;
                        if (CloseStatus.getCloseStatus(frame).isAbnormal()) {
                            abandoned = new ArrayList<>(queue);
                            queue.clear();
                            unbatched = 0;
                            waitingBytes = 0;
                        }
                        queue.addLast(entry);
                    }
                    case OpCode.PING, OpCode.PONG -> queue.addFirst(entry);
                    default -> queue.addLast(entry);
                }
                if (!batch || frame.isControlFrame()) {
                    unbatched++;
                }
                waitingBytes += size(frame);
                if (!writing && due()) {
                    writing = true;
                    write = true;
                }
            }
        }
        if (refused != null) {
            fail(callback, refused);
            return;
        }
        if (abandoned != null) {
            WebSocketException cause = new WebSocketException("an abnormal close frame was sent: the frames waiting before it are dropped");
            abandoned.forEach(waiting -> fail(waiting.callback(), cause));
        }
        if (calledBack) {
            succeed(callback);
        }
        if (write) {
            writeRuns();
        }
    }

    /** Writes runs while frames wait; leaves when none does, or when the socket makes a write wait (its completion goes on). */
    private void writeRuns() {
        while (true) {
            synchronized (lock) {
                if (failure != null || !due()) {
                    writing = false;
                    return;
                }
                while (run.size() < maxRun && !queue.isEmpty()) {
                    Entry next = queue.pollFirst();
                    if (!next.batch() || next.frame().isControlFrame()) {
                        unbatched--;
                    }
                    waitingBytes -= size(next.frame());
                    if (next.frame().getOpCode() != OpCode.UNDEFINED) { // Jetty's flush is no message
                        messagesOut++;
                        bytesOut += next.frame().getPayloadLength();
                    }
                    run.add(next);
                }
            }
            ByteBuffer[] buffers = encode();
            try {
                if (endPoint.flush(buffers)) {
                    completeRun();
                    continue;
                }
                // the socket took part of it: Jetty's write flusher writes the rest when it can take more, then calls back
                waitingWrite.set(IN_CALL);
                endPoint.write(completion, buffers);
                if (waitingWrite.compareAndSet(IN_CALL, NO_CALL)) {
                    return; // the completion writes on, or has failed everything
                }
                waitingWrite.set(NO_CALL);
                completeRun();
            } catch (Throwable x) {
                writeFailed(x);
                return;
            }
        }
    }

    /**
     * Whether what waits should be written now: a frame that is not batched waits in the queue, or the
     * batched ones would fill the buffer (Jetty's flusher writes a full batch too), or make a run.
     * Without the second, the events a selector's long read publishes to a subscriber waited for the
     * whole read: p99 of 33 ms instead of 3 in bench/edge.sh's pipelined sets; the third is {@link #RUN_FRAMES}'s.
     * Guarded by the lock.
     */
    private boolean due() {
        return unbatched > 0 || waitingBytes >= bufferSize || queue.size() >= maxRun;
    }

    private static long size(Frame frame) {
        return MAX_HEADER + frame.getPayloadLength();
    }

    /** The run's frames as buffers: headers and small payloads copied into one pooled buffer, large payloads as they are. */
    private ByteBuffer[] encode() {
        aggregate = pool.acquire(bufferSize, true);
        ByteBuffer out = aggregate.getByteBuffer();
        out.clear();
        List<ByteBuffer> buffers = null;
        int segment = 0;
        for (Entry entry : run) {
            Frame frame = entry.frame();
            if (frame.getOpCode() == OpCode.UNDEFINED) {
                continue; // Jetty's flush: no bytes of its own
            }
            ByteBuffer payload = frame.getPayload();
            int length = payload == null ? 0 : payload.remaining();
            header(frame, length, out);
            if (length == 0) {
                continue;
            }
            if (length <= copyLimit && length <= out.remaining() - MAX_HEADER * (run.size())) {
                if (payload.hasArray()) {
                    out.put(payload.array(), payload.arrayOffset() + payload.position(), length);
                } else {
                    out.put(payload.duplicate());
                }
            } else {
                if (buffers == null) {
                    buffers = new ArrayList<>();
                }
                buffers.add(out.duplicate().position(segment).limit(out.position()));
                segment = out.position();
                buffers.add(payload.slice());
            }
        }
        ByteBuffer last = out.duplicate().position(segment).limit(out.position());
        if (buffers == null) {
            return new ByteBuffer[] {last};
        }
        buffers.add(last);
        return buffers.toArray(ByteBuffer[]::new);
    }

    /** RFC 6455 section 5.2, for a frame the server sends: never masked. */
    private static void header(Frame frame, int length, ByteBuffer out) {
        int first = (frame.isFin() ? 0x80 : 0) | (frame.isRsv1() ? 0x40 : 0) | (frame.isRsv2() ? 0x20 : 0) | (frame.isRsv3() ? 0x10 : 0)
                | (frame.getOpCode() & 0x0F);
        out.put((byte) first);
        if (length < 126) {
            out.put((byte) length);
        } else if (length <= 0xFFFF) {
            out.put((byte) 126);
            out.putShort((short) length);
        } else {
            out.put((byte) 127);
            out.putLong(length);
        }
    }

    /** The socket took the whole run: the buffer goes back, the output shuts after a CLOSE, the callbacks succeed. */
    private void completeRun() {
        release();
        for (Entry entry : run) {
            if (entry.frame().getOpCode() == OpCode.CLOSE) {
                endPoint.shutdownOutput();
            }
            succeed(entry.callback());
        }
        run.clear();
    }

    /** Jetty's write flusher wrote the rest of a run that had to wait. */
    private void completed() {
        if (waitingWrite.compareAndSet(IN_CALL, COMPLETED_IN_CALL)) {
            return; // the writing thread goes on (see writeRuns)
        }
        completeRun();
        writeRuns();
    }

    /** A write failed: every frame not written fails, the connection closes, the session is told. */
    private void writeFailed(Throwable cause) {
        List<Entry> failed;
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
            }
            failed = new ArrayList<>(run);
            failed.addAll(queue);
            queue.clear();
            unbatched = 0;
            waitingBytes = 0;
            writing = false;
        }
        run.clear();
        release();
        failed.forEach(entry -> fail(entry.callback(), cause));
        endPoint.close(cause);
        onWriteFailure.accept(cause);
    }

    /**
     * The connection has closed: what waits fails, and so does every frame sent from now on. A write
     * in progress fails with the endpoint's close, through its own callback.
     */
    void close(Throwable cause) {
        List<Entry> waiting;
        Throwable reason;
        synchronized (lock) {
            if (failure == null) {
                failure = cause != null ? cause : new ClosedChannelException();
            }
            reason = failure;
            waiting = new ArrayList<>(queue);
            queue.clear();
            unbatched = 0;
            waitingBytes = 0;
        }
        waiting.forEach(entry -> fail(entry.callback(), reason));
    }

    long messagesOut() {
        synchronized (lock) {
            return messagesOut;
        }
    }

    long bytesOut() {
        synchronized (lock) {
            return bytesOut;
        }
    }

    private void release() {
        RetainableByteBuffer buffer = aggregate;
        aggregate = null;
        if (buffer != null) {
            buffer.release();
        }
    }

    /** A callback that throws is logged: it must not stop the frames after it, nor fail the write that sent its own. */
    private static void succeed(Callback callback) {
        try {
            if (callback != null) {
                callback.succeeded();
            }
        } catch (Throwable x) {
            LOG.warn("a sent frame's callback failed", x);
        }
    }

    private static void fail(Callback callback, Throwable cause) {
        try {
            if (callback != null) {
                callback.failed(cause);
            }
        } catch (Throwable x) {
            LOG.warn("an unsent frame's callback failed", x);
        }
    }
}
