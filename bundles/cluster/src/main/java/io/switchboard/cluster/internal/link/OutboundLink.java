package io.switchboard.cluster.internal.link;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.mesh.Instance;

/**
 * This node's link to one other node, carrying this node's calls to it: many in flight at once
 * (pipelined), each answered by id. A call whose frame was never written when the link ends fails
 * with {@link Instance#GONE}, so the mesh sends it to another instance; one that was written fails
 * with {@link ClusterErrors#NODE_LEFT}, since it may have run.
 */
public final class OutboundLink {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundLink.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final String node;
    private final Socket socket;
    private final DataInputStream in;
    private final FrameWriter writer;
    private final PromiseFactory promises;
    private final Executor answers;
    private final int limit;
    private final Consumer<OutboundLink> closed;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile String closedBecause;
    private volatile ReadTurns turns;

    private OutboundLink(String node, Socket socket, DataInputStream in, OutputStream out, Executor answers, int limit,
            Clock clock, Consumer<OutboundLink> closed) {
        this.node = node;
        this.socket = socket;
        this.in = in;
        this.writer = new FrameWriter(out, failure -> close("its link broke (" + failure.getMessage() + ")"));
        // Callbacks run where the answer is resolved: on one of the answer threads, once per call.
        this.promises = new PromiseFactory(PromiseFactory.inlineExecutor());
        this.answers = answers;
        this.limit = limit;
        this.closed = closed;
        this.clock = clock;
    }

    /**
     * Connects to a node's link address and proves the secret both ways.
     *
     * @param answers  the threads that read the link and resolve its answers (and so run callers'
     *                 continuations): the reader resolves what it read, and whatever a caller does next holds up
     *                 the answers behind it only until the keeper hands the read turn to another of them
     * @param keeper   hands the read turn on when the reader is held up
     * @param limit    calls in flight at most; more fail with {@link ClusterErrors#OVERLOADED}
     * @param closed   told once when the link ends
     */
    static OutboundLink open(String node, InetSocketAddress address, ClusterSecret secret, String self, Executor answers,
            TurnKeeper keeper, int limit, Clock clock, Consumer<OutboundLink> closed) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            DataInputStream in = ReadTurns.input(socket.getInputStream(), BUFFER_BYTES);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
            Handshake.Welcome welcome = Handshake.connect(socket, in, out, secret, self, Handshake.CALLS);
            if (!welcome.node().equals(node)) {
                throw new LinkRefused(ClusterErrors.PROTOCOL, "the link address of " + node + " (" + address + ") answered as " + welcome.node());
            }
            OutboundLink link = new OutboundLink(node, socket, in, out, answers, limit, clock, closed);
            ReadTurns turns = new ReadTurns(link.new Answers(), link.writer, answers, keeper);
            link.turns = turns;
            answers.execute(turns::run);
            return link;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public String node() {
        return node;
    }

    public boolean open() {
        return closedBecause == null;
    }

    /** Calls in flight. */
    public int inFlight() {
        return pending.size();
    }

    /** Sends one call; the promise resolves with its answer, or fails as the class comment says. */
    public Promise<Reply> call(byte[] payload) {
        return send(Frames.CALL, payload);
    }

    /** Sends one event (its recipients on that node in the payload); answered and failed as a call is. */
    public Promise<Reply> event(byte[] payload) {
        return send(Frames.EVENT, payload);
    }

    private Promise<Reply> send(byte type, byte[] payload) {
        if (closedBecause != null) {
            return promises.failed(gone(closedBecause));
        }
        if (pending.size() >= limit) {
            return promises.failed(new SwitchboardException(ClusterErrors.OVERLOADED,
                    limit + " calls to node " + node + " are already waiting for answers"));
        }
        long id = ids.incrementAndGet();
        Pending call = new Pending(promises.deferred(), clock.millis());
        pending.put(id, call);
        String reason = closedBecause;
        if (reason != null) {
            // closed meanwhile: whoever closed may not have seen this call
            pending.remove(id);
            settle(call, node, reason);
        } else {
            writer.send(Frames.encode(type, id, payload), call);
        }
        return call.deferred.getPromise();
    }

    /** What this side reads: the answers to its calls, resolved on the thread that read them. */
    private final class Answers implements ReadTurns.Reader {

        @Override
        public List<Frame> read() {
            try {
                return ReadTurns.batch(in);
            } catch (EOFException e) {
                close("closed its link");
            } catch (LinkViolation e) {
                LOG.warn("closing the link to node {}: it sent {}", node, e.getMessage());
                close("broke the link protocol");
            } catch (IOException e) {
                close(closedBecause != null ? closedBecause : "its link broke (" + e.getMessage() + ")");
            }
            return null;
        }

        @Override
        public void handle(List<Frame> batch) {
            resolve(batch);
        }

        @Override
        public boolean open() {
            return closedBecause == null;
        }

        @Override
        public void refused() {
            close("is out of reach: this node is stopping");
        }
    }

    private void resolve(List<Frame> batch) {
        for (Frame frame : batch) {
            switch (frame.type()) {
                case Frames.ACK -> {
                    Pending call = pending.get(frame.id());
                    if (call != null) {
                        call.acknowledged = true;
                    }
                }
                case Frames.RESULT, Frames.FAILURE, Frames.NOT_STARTED -> {
                    Pending call = pending.remove(frame.id());
                    if (call != null) {
                        call.deferred.resolve(new Reply(frame.type(), frame.payload()));
                    }
                }
                default -> {
                    LOG.warn("closing the link to node {}: it sent frame type {} on a link that carries answers", node, frame.type());
                    close("broke the link protocol");
                }
            }
        }
    }

    /**
     * Ends the link: calls not yet written fail with {@link Instance#GONE} (they go elsewhere),
     * calls written fail with {@link ClusterErrors#NODE_LEFT}.
     *
     * @param why what happened to the node, as the end of a sentence: "left the cluster"
     */
    public void close(String why) {
        synchronized (this) {
            if (closedBecause != null) {
                return;
            }
            closedBecause = why;
        }
        writer.stop();
        ReadTurns current = turns;
        if (current != null) {
            current.close();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Long id : pending.keySet()) {
            Pending call = pending.remove(id);
            if (call != null) {
                settle(call, node, why);
            }
        }
        closed.accept(this);
    }

    /** Fails calls waiting longer than {@code maxAgeMillis}: their callers gave up long ago (the mesh's own timeout). */
    public void expire(long nowMillis, long maxAgeMillis) {
        pending.forEach((id, call) -> {
            if (nowMillis - call.startedMillis > maxAgeMillis && pending.remove(id, call)) {
                settle(() -> call.fail(new SwitchboardException(MeshErrors.TIMEOUT, "node " + node + " did not answer within "
                        + maxAgeMillis + " ms")));
            }
        });
    }

    private void settle(Pending call, String node, String why) {
        settle(() -> call.fail(node, why));
    }

    /** Resolves on an answer thread; if those are gone (this node is stopping), here. */
    private void settle(Runnable resolution) {
        try {
            answers.execute(resolution);
        } catch (RejectedExecutionException stopping) {
            resolution.run();
        }
    }

    private static SwitchboardException gone(String why) {
        return new SwitchboardException(Instance.GONE, "the node " + why) {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this; // a routing signal: the mesh sends the call elsewhere, no caller sees it
            }
        };
    }

    /** One call waiting for its answer. */
    private static final class Pending implements FrameWriter.Sending {

        final Deferred<Reply> deferred;
        final long startedMillis;
        volatile boolean sent;
        volatile boolean acknowledged;

        Pending(Deferred<Reply> deferred, long startedMillis) {
            this.deferred = deferred;
            this.startedMillis = startedMillis;
        }

        @Override
        public void sending() {
            sent = true;
        }

        void fail(String node, String why) {
            fail(sent ? new SwitchboardException(ClusterErrors.NODE_LEFT, "node " + node + " " + why + " after the call was sent"
                    + (acknowledged ? " and taken" : "") + "; it may or may not have run") : gone(why));
        }

        void fail(SwitchboardException failure) {
            try {
                deferred.fail(failure);
            } catch (IllegalStateException alreadyAnswered) {
                // the answer won the race
            }
        }
    }
}
