package io.switchboard.cluster.internal.link;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side of a link that another node connected to: it reads that node's calls and runs them on
 * the thread that read them, which then writes their answers together and reads on; when that
 * takes long (a method that blocks) the {@link TurnKeeper} passes the read turn to a call thread,
 * and the answers of calls that finish later are written by the threads that compute them. The
 * reader also waits for a free place among the calls in flight ({@code limit}), which is how a node
 * that sends too fast is slowed down: its writes block once this node stops reading.
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
        return new InboundLink(socket, ReadTurns.input(socket.getInputStream(), BUFFER_BYTES),
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
    void serve(String node, CallHandler handler, Executor calls, TurnKeeper keeper, Runnable ended) {
        this.node = node;
        this.handler = handler;
        this.ended = ended;
        ReadTurns turns = new ReadTurns(new Calls(), writer, calls, keeper);
        this.turns = turns;
        if (closed) {
            turns.close();
            return;
        }
        turns.run();
    }

    private volatile CallHandler handler;
    private volatile Runnable ended = () -> { };
    private volatile ReadTurns turns;

    /** What this side reads: calls and events, each of which takes a place among the calls in flight. */
    private final class Calls implements ReadTurns.Reader {

        @Override
        public List<Frame> read() {
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
                return null;
            } catch (LinkViolation e) {
                LOG.warn("closing the link from node {}: it sent {}", node, e.getMessage());
                close();
                return null;
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("the link from node {} broke: {}", node, e.toString());
                }
                close();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                return null;
            }
            // events are handed on (never run) first, before the turn can pass on and more be read: they keep their order
            for (Frame frame : batch) {
                if (frame.type() == Frames.EVENT) {
                    InboundLink.this.handle(frame);
                }
            }
            return batch;
        }

        @Override
        public void handle(List<Frame> batch) {
            for (Frame frame : batch) {
                if (frame.type() == Frames.CALL) {
                    InboundLink.this.handle(frame);
                }
            }
        }

        @Override
        public boolean open() {
            return !closed;
        }

        @Override
        public void refused() {
            close();
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
        ReadTurns current = turns;
        if (current != null) {
            current.close();
        }
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
