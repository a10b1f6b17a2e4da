package io.switchboard.cluster.internal.link;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side of a link that another node connected to: it reads that node's calls and hands each to
 * the call threads; the threads that compute the answers write them. The reader never waits on a
 * write, only for a free place among the calls in flight ({@code limit}), which is how a node that
 * sends too fast is slowed down: its writes block once this node stops reading.
 */
final class InboundLink {

    private static final Logger LOG = LoggerFactory.getLogger(InboundLink.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final FrameWriter writer;
    private final Semaphore places;
    private volatile String node = "?";
    private volatile boolean closed;

    private InboundLink(Socket socket, DataInputStream in, OutputStream out, int limit) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.writer = new FrameWriter(out, failure -> close());
        this.places = new Semaphore(limit);
    }

    static InboundLink on(Socket socket, int limit) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        return new InboundLink(socket, new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES)),
                new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES), limit);
    }

    Socket socket() {
        return socket;
    }

    DataInputStream in() {
        return in;
    }

    /** The stream the handshake writes to, before any call is served. */
    OutputStream out() {
        return out;
    }

    String node() {
        return node;
    }

    /**
     * Starts reading calls (see {@link ReadTurns}): the first turn runs on the calling thread, the
     * next ones on the call threads, which also run the calls.
     *
     * @param node the peer, once it has proved the secret
     */
    void serve(String node, CallHandler handler, Executor calls, Runnable ended) {
        this.node = node;
        this.handler = handler;
        this.calls = calls;
        this.ended = ended;
        readTurn();
    }

    private volatile CallHandler handler;
    private volatile Executor calls;
    private volatile Runnable ended = () -> { };

    private void readTurn() {
        List<Frame> batch;
        try {
            batch = ReadTurns.batch(in);
            for (Frame frame : batch) {
                if (frame.type() != Frames.CALL && frame.type() != Frames.EVENT) {
                    throw new LinkViolation("frame type " + frame.type() + " on a link that carries calls");
                }
            }
            // a place per call before anything more is read: past the limit, this node stops reading
            places.acquire(batch.size());
        } catch (EOFException e) {
            LOG.debug("node {} closed its link", node);
            close();
            return;
        } catch (LinkViolation e) {
            LOG.warn("closing the link from node {}: it sent {}", node, e.getMessage());
            close();
            return;
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("the link from node {} broke: {}", node, e.toString());
            }
            close();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return;
        }
        // events are handed on (never run) here, before the next turn reads more: they keep their order
        for (Frame frame : batch) {
            if (frame.type() == Frames.EVENT) {
                handle(frame);
            }
        }
        try {
            calls.execute(this::readTurn);
        } catch (RejectedExecutionException stopping) {
            close();
        }
        for (Frame frame : batch) {
            if (frame.type() == Frames.CALL) {
                handle(frame);
            }
        }
    }

    private void handle(Frame frame) {
        Responder responder = new Responder(frame.id());
        if (closed) {
            responder.answer(Frames.NOT_STARTED, null);
            return;
        }
        try {
            if (frame.type() == Frames.EVENT) {
                handler.event(node, frame.payload(), responder);
            } else {
                handler.handle(node, frame.payload(), responder);
            }
        } catch (RuntimeException e) {
            LOG.warn("a {} from node {} failed unexpectedly: {}", frame.type() == Frames.EVENT ? "event" : "call", node, e.toString());
            responder.answer(Frames.FAILURE, null);
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        ended.run();
        writer.stop();
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Answers one call, once; frees its place among the calls in flight. */
    private final class Responder implements CallHandler.Responder {

        private final long id;
        private boolean answered;

        Responder(long id) {
            this.id = id;
        }

        @Override
        public void ack() {
            writer.send(Frames.encode(Frames.ACK, id, null), null);
        }

        @Override
        public void answer(byte type, byte[] payload) {
            synchronized (this) {
                if (answered) {
                    return;
                }
                answered = true;
            }
            places.release();
            writer.send(Frames.encode(type, id, payload), null);
        }
    }
}
