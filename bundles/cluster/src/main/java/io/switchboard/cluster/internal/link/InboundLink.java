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
     * Reads calls until the link ends; runs on the link's own thread.
     *
     * @param node the peer, once it has proved the secret
     */
    void serve(String node, CallHandler handler, Executor calls) {
        this.node = node;
        try {
            while (!closed) {
                Frame frame = Frames.read(in, Frames.MAX_PAYLOAD_BYTES);
                if (frame.type() != Frames.CALL) {
                    throw new LinkViolation("frame type " + frame.type() + " on a link that carries calls");
                }
                places.acquire();
                long id = frame.id();
                Responder responder = new Responder(id);
                try {
                    calls.execute(() -> handler.handle(node, frame.payload(), responder));
                } catch (RejectedExecutionException stopping) {
                    responder.answer(Frames.NOT_STARTED, null);
                }
            }
        } catch (EOFException e) {
            LOG.debug("node {} closed its link", node);
        } catch (LinkViolation e) {
            LOG.warn("closing the link from node {}: it sent {}", node, e.getMessage());
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("the link from node {} broke: {}", node, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    void close() {
        closed = true;
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
