package io.switchboard.session.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ProtocolPlugin;
import io.switchboard.protocol.Request;
import io.switchboard.queue.Lane;
import io.switchboard.queue.QueueFullException;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Answer;
import io.switchboard.session.Authorizer;
import io.switchboard.session.Connection;
import io.switchboard.session.Session;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.flush.HeldFlushes;
import io.switchboard.system.log.CorrelationIds;
import io.switchboard.system.log.LogText;
import io.switchboard.system.log.RateLimitedLog;

/**
 * One client's session: decodes its frames, runs its requests in order on its own inbound lane,
 * sends answers and publications in order on its own outbound lane (on the thread that made them
 * while the lane is idle: the reading thread, the publisher's), and keeps count of what the
 * client has not read yet. Both lanes are the queue bundle's serial lanes on the {@code inbound} and
 * {@code outbound} queues (bounded, with their policy, counted in those queues' stats). A request
 * runs on the thread that read it when the lane is idle and its handler says it does not block
 * ({@link ActionHandler#mayBlock}); otherwise it waits for the inbound queue's threads, in order.
 * When the session ends, its cleanup (the close hooks) runs on the {@code system} queue, away from
 * the transport's threads and the heartbeat timer.
 */
final class ClientSession implements Session, SessionEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.session");
    /**
     * A publisher's thread writes publications itself while its work has written to fewer
     * connections than this; past it, they go to the outbound queue's threads.
     */
    static final int INLINE_PUBLICATION_CONNECTIONS = 8;
    /**
     * Anyone who reaches the port can open sessions and make requests fail: the lines they cause
     * are rate-limited per kind, and what a client sent is encoded and cut (LogText), so a flood of
     * handshakes costs a few KB of log, not megabytes.
     */
    private static final RateLimitedLog SESSION_LINES = new RateLimitedLog(LOG, 50, Duration.ofSeconds(1));
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 10, Duration.ofMinutes(1));
    /** The most of a client's own name for itself that a log line carries. */
    private static final int CLIENT_LOG_CHARS = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private enum State { AWAITING_HANDSHAKE, OPEN, CLOSED }

    private final String id;
    private final Connection connection;
    private final ProtocolPlugin protocol;
    private final Pipeline pipeline;
    private final SessionSettings settings;
    private final Lane inbound;
    /** One object per session, so that flushes held for it run once ({@link HeldFlushes#now}). */
    private final Runnable connectionFlush;
    private final Lane outbound;
    private final Runnable onEnd;
    private final Executor cleanup;
    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final AtomicReference<State> state = new AtomicReference<>(State.AWAITING_HANDSHAKE);
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final AtomicLong unsentBytes = new AtomicLong();
    /** Set when the close is written or the connection is gone: nothing is written after it. */
    private final AtomicBoolean closeWritten = new AtomicBoolean();
    private final FrameCounts counts = new FrameCounts();
    private final Supplier<SessionMeters> meters;
    private SessionMeters metersFrom;
    private ProtocolMeters protocolMeters;
    private final AtomicLong droppedPublications = new AtomicLong();
    private final AtomicInteger missedBeats = new AtomicInteger();
    private volatile long lastPingNanos = System.nanoTime();
    private final RequestRate rate;

    ClientSession(String id, Connection connection, ProtocolPlugin protocol, Pipeline pipeline, SessionSettings settings,
                  Lane inbound, Function<Runnable, Lane> outboundLane, Runnable onEnd) {
        this(id, connection, protocol, pipeline, settings, inbound, outboundLane, onEnd, () -> SessionMeters.NONE);
    }

    ClientSession(String id, Connection connection, ProtocolPlugin protocol, Pipeline pipeline, SessionSettings settings,
                  Lane inbound, Function<Runnable, Lane> outboundLane, Runnable onEnd, Supplier<SessionMeters> meters) {
        this(id, connection, protocol, pipeline, settings, inbound, outboundLane, onEnd, meters, Runnable::run);
    }

    /**
     * @param onEnd   called once when the session ends, on the thread that ends it: it leaves the open sessions at once
     * @param meters  the manager's current meters: the stats service may come or go while the session lives
     * @param cleanup runs the close hooks of a session that ended (the {@code system} queue)
     */
    ClientSession(String id, Connection connection, ProtocolPlugin protocol, Pipeline pipeline, SessionSettings settings,
                  Lane inbound, Function<Runnable, Lane> outboundLane, Runnable onEnd, Supplier<SessionMeters> meters,
                  Executor cleanup) {
        this.meters = meters;
        this.cleanup = cleanup;
        this.id = id;
        this.connection = connection;
        this.protocol = protocol;
        this.pipeline = pipeline;
        this.settings = settings;
        this.inbound = inbound;
        this.connectionFlush = connection::flush;
        this.outbound = outboundLane.apply(this::flush);
        this.onEnd = onEnd;
        this.rate = new RequestRate(settings.ratePerSecond(), settings.rateBurst());
        meters().opened.increment();
    }

    /**
     * This protocol's meters from the manager's current ones, for what is counted as it happens
     * (the session opened, an error answer, its end); kept until those change. The cache is racy on
     * purpose: both values are immutable.
     */
    private ProtocolMeters meters() {
        SessionMeters current = meters.get();
        if (current != metersFrom) {
            protocolMeters = current.of(protocol.subprotocol());
            metersFrom = current;
        }
        return protocolMeters;
    }

    // --- what the transport reports

    @Override
    public void received(String frame) {
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        received(utf8, 0, utf8.length);
    }

    @Override
    public void received(byte[] utf8, int offset, int length) {
        if (state.get() == State.CLOSED) {
            return;
        }
        counts.in(length);
        Request request;
        try {
            request = protocol.decode(utf8, offset, length);
        } catch (ProtocolException e) {
            send(new Outbound.Error(e.requestId(), e.code(), e.getMessage()));
            return;
        }
        switch (rate.admit()) {
            case REFUSE -> {
                send(new Outbound.Error(request.id(), "session.rate-limited",
                        "more than " + settings.ratePerSecond() + " requests a second; slow down"));
                return;
            }
            case DISCONNECT -> {
                close(CLOSE_RATE_LIMITED, "rate limit exceeded: " + settings.ratePerSecond() + " requests a second");
                return;
            }
            default -> { }
        }
        try {
            switch (placement(request)) {
                case HERE -> inbound.execute(() -> handle(request)); // on this thread when the lane is idle
                case TRANSPORT_THREAD -> {
                    if (!connection.handOff(() -> runOnThisThread(request))) {
                        inbound.enqueue(() -> handle(request));
                    }
                }
                default -> inbound.enqueue(() -> handle(request));
            }
        } catch (QueueFullException e) {
            send(new Outbound.Error(request.id(), e.code(), e.getMessage()));
        }
    }

    /** Where a request runs: see {@link #placement}. */
    private enum Placement {
        /** On the thread that read it, when the inbound lane is idle. */
        HERE,
        /** On a thread of the transport's that may wait, the session's next frame read after it. */
        TRANSPORT_THREAD,
        /** On the inbound queue's threads. */
        QUEUE
    }

    /**
     * The session's own answers (the handshake, ping, an action nobody handles) and a handler's
     * request that it says does not block run on the thread that read them; one that may hold its
     * thread a while (a component's code) too, unless that thread reads other connections as well
     * (Jetty's selector), where it moves to a thread of the transport's; the rest go to the inbound
     * queue. A handler that cannot say (it throws) is taken to block; its failure is reported when
     * the request runs.
     */
    private Placement placement(Request request) {
        if (state.get() == State.AWAITING_HANDSHAKE || request.action().equals("ping")) {
            return Placement.HERE;
        }
        ActionHandler handler = pipeline.handler(request.action());
        if (handler == null) {
            return Placement.HERE;
        }
        try {
            if (handler.mayBlock(this, request)) {
                return Placement.QUEUE;
            }
            // the transport first: a handler's answer may cost a look-up (a path's store), needed only on a shared reader
            return connection.readerIsShared() && handler.mayHoldReader(this, request) ? Placement.TRANSPORT_THREAD : Placement.HERE;
        } catch (RuntimeException e) {
            return Placement.QUEUE;
        }
    }

    /** A request handed to a transport's thread: runs there when the lane is idle, as on a reading thread of its own. */
    private void runOnThisThread(Request request) {
        try {
            inbound.execute(() -> handle(request));
        } catch (QueueFullException e) {
            send(new Outbound.Error(request.id(), e.code(), e.getMessage()));
        }
    }

    @Override
    public long unsentBytes() {
        return unsentBytes.get();
    }

    @Override
    public void pong() {
        missedBeats.set(0);
    }

    @Override
    public void closed(int code, String reason) {
        end("connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        stopWriting();
    }

    // --- requests

    private void handle(Request request) {
        if (state.get() == State.CLOSED) {
            return;
        }
        try {
            if (state.get() == State.AWAITING_HANDSHAKE) {
                handshake(request);
                return;
            }
            Authorizer authorizer = pipeline.authorizer();
            if (authorizer == null && !request.action().equals("ping")) {
                throw new SwitchboardException(AccessErrors.UNAVAILABLE, "security is not running (starting, stopped or being updated); try again shortly");
            }
            Request passed = pipeline.inbound(this, request);
            if (passed.action().equals("ping")) {
                send(new Outbound.Response(passed.id(), new TextNode("pong")));
                return;
            }
            ActionHandler handler = pipeline.handler(passed.action());
            if (handler == null) {
                throw new SwitchboardException("session.unknown-action", "no action '" + passed.action() + "'");
            }
            authorize(authorizer, handler, passed);
            Promise<Answer> result = handler.answer(this, passed);
            if (result.isDone()) {
                answer(passed, result); // as the callback would, on this thread, without registering one
            } else {
                result.onResolve(() -> answer(passed, result));
            }
        } catch (RuntimeException e) {
            send(error(request.id(), e));
        }
    }

    /**
     * Fail closed: the handler says what the request needs (its own field errors come first), and
     * the authorizer decides; a handler that says nothing is refused.
     */
    private void authorize(Authorizer authorizer, ActionHandler handler, Request request) {
        Access access = handler.access(this, request);
        if (access == null) {
            throw new SwitchboardException(AccessErrors.FORBIDDEN, "'" + request.action() + "' declares no access rule, so it is refused");
        }
        if (authorizer == null) {
            throw new SwitchboardException(AccessErrors.UNAVAILABLE, "security is not running; try again shortly");
        }
        authorizer.authorize(this, request, access);
    }

    private void answer(Request request, Promise<Answer> result) {
        try {
            Throwable failure = result.getFailure();
            if (failure != null) {
                send(error(request.id(), failure));
            } else {
                Answer answer = result.getValue();
                JsonNode value = answer == null ? null : answer.result();
                send(new Outbound.Response(request.id(), value == null ? NODES.nullNode() : value,
                        answer == null ? Map.of() : answer.meta()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.lang.reflect.InvocationTargetException e) {
            send(error(request.id(), e.getCause()));
        }
    }

    private void handshake(Request request) {
        if (!request.action().equals("handshake")) {
            send(new Outbound.Error(request.id(), "session.no-handshake",
                    "the first request of a session must be 'handshake', not '" + request.action() + "'"));
            return;
        }
        JsonNode client = request.params().path("client");
        if (client.isTextual()) {
            attributes.put("client", client.asText());
        }
        state.compareAndSet(State.AWAITING_HANDSHAKE, State.OPEN);
        ObjectNode welcome = NODES.objectNode();
        welcome.put("session", id);
        welcome.put("protocol", protocol.subprotocol());
        welcome.putObject("heartbeat").put("intervalMillis", settings.heartbeatMillis()).put("missedBeats", settings.missedBeats());
        send(new Outbound.Response(request.id(), welcome));
        SESSION_LINES.info("session.start", "session.start id={} remote={} transport={} protocol={} client={}", id, remoteAddress(),
                transport(), protocol.subprotocol(), clientForLog());
    }

    /**
     * A failure that is not one of ours says nothing to the client but a reference: its class and
     * message are for the log, under the same reference.
     */
    private Outbound.Error error(JsonNode requestId, Throwable failure) {
        if (failure instanceof SwitchboardException known) {
            return new Outbound.Error(requestId, known.code(), known.getMessage());
        }
        String reference = CorrelationIds.next();
        FAILURES.warn("session.internal-error", "session.internal-error reference={} session={}: a request failed unexpectedly",
                reference, id, failure);
        return new Outbound.Error(requestId, "session.internal-error", "the request failed unexpectedly (reference " + reference + ")");
    }

    /** The client's name for itself, as the handshake gave it: encoded, cut and quoted for a log line. */
    private String clientForLog() {
        Object client = attributes.get("client");
        return client == null ? "-" : '"' + LogText.of(client, CLIENT_LOG_CHARS) + '"';
    }

    // --- sending

    @Override
    public void publish(String channel, JsonNode event) {
        if (state.get() != State.OPEN) {
            return;
        }
        if (unsentBytes.get() > settings.outboundMaxBytes()) {
            if (settings.dropSlowPublications()) {
                droppedPublications.incrementAndGet();
                return;
            }
            close(CLOSE_SLOW_CONSUMER, "slow consumer: more than " + settings.outboundMaxBytes() + " bytes unread");
            return;
        }
        try {
            // On the publisher's thread when the lane is idle, as an answer is: no thread woken per
            // publication. Writing does not block (the transport queues what the socket does not
            // take), and the flush at the run's end waits until the publisher's thread has written
            // its whole run (the fan-out, the read of a pipelined burst: HeldFlushes), so a run of
            // publications still leaves in one socket write. A fan-out to many is shared with the
            // outbound queue's threads past the first few subscribers: one thread writing to
            // thousands took longer than several (bench/README-edge.md, last section).
            Runnable publication = () -> write(new Outbound.Publication(channel, event));
            if (HeldFlushes.held() < INLINE_PUBLICATION_CONNECTIONS) {
                outbound.execute(publication);
            } else {
                outbound.enqueue(publication);
            }
        } catch (QueueFullException e) {
            droppedPublications.incrementAndGet();
        }
    }

    /**
     * Sends on the session's outbound lane, so what it sends keeps its order. An answer is written
     * at once on this thread when the lane is idle (no thread hand-off); the connection writes the
     * run's frames together when the lane's run ends (and, on the reading thread, once the
     * transport's read buffer is drained: the answers to a pipelined burst leave together).
     */
    private void send(Outbound message) {
        outbound.execute(() -> write(message));
    }

    private void write(Outbound message) {
        if (closeWritten.get()) {
            return;
        }
        Outbound passed = pipeline.outbound(this, message);
        if (passed == null) {
            return;
        }
        byte[] frame = protocol.encodeBytes(passed);
        long size = frame.length;
        counts.out(size);
        if (passed instanceof Outbound.Error error) {
            meters().error(error.code());
        }
        unsentBytes.addAndGet(size);
        connection.write(frame, failure -> unsentBytes.addAndGet(-size));
    }

    /**
     * The end of a run of the outbound lane: what its tasks wrote leaves in one socket write; on a
     * thread that completes many requests at once ({@link HeldFlushes#during}), once at its end.
     */
    private void flush() {
        HeldFlushes.now(connectionFlush);
    }

    // --- heartbeats and timeouts, called by the manager's timer

    void tick(long nowNanos) {
        State current = state.get();
        if (current == State.AWAITING_HANDSHAKE && nowNanos - startedNanos >= Duration.ofMillis(settings.handshakeMillis()).toNanos()) {
            close(CLOSE_NO_HANDSHAKE, "no handshake within " + settings.handshakeMillis() + " ms");
            return;
        }
        if (current != State.CLOSED && nowNanos - lastPingNanos >= Duration.ofMillis(settings.heartbeatMillis()).toNanos()) {
            if (missedBeats.get() >= settings.missedBeats()) {
                close(CLOSE_HEARTBEAT_MISSED, missedBeats.get() + " heartbeats unanswered");
                return;
            }
            missedBeats.incrementAndGet();
            lastPingNanos = nowNanos;
            connection.ping();
        }
    }

    long droppedPublications() {
        return droppedPublications.get();
    }

    // --- Session

    /**
     * Ends the session, and closes the connection after the frames already queued for the client
     * (the refusals that led to a rate-limit close, the answers to what came before a bad frame):
     * every close the server starts goes through here, so the client reads what it was owed first.
     * A slow consumer's close goes at once, ahead of what it does not read anyway, and so does a
     * close the full lane cannot take. Nothing queued after the close is written.
     */
    @Override
    public void close(int code, String reason) {
        if (end(reason) && (code == CLOSE_SLOW_CONSUMER || !outbound.offer(() -> closeNow(code, reason), true))) {
            closeNow(code, reason);
        }
    }

    private void closeNow(int code, String reason) {
        stopWriting();
        connection.close(code, reason);
    }

    /**
     * Nothing more is written: the session's frame counts join those of the sessions ended (it has
     * left the open sessions already, in {@link #end}), once.
     */
    private void stopWriting() {
        if (closeWritten.compareAndSet(false, true)) {
            meters().ended(counts);
        }
    }

    /** Its frames and bytes each way, read when the metrics are read. */
    FrameCounts frameCounts() {
        return counts;
    }

    /**
     * Ends the session once: it leaves the open sessions at once, its close hooks (the subscriptions
     * and the like that end with it) go to the cleanup executor, and the end is logged. Returns
     * whether this call ended it.
     */
    private boolean end(String reason) {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return false;
        }
        onEnd.run();
        if (!closeHooks.isEmpty()) { // a hook added from now on sees the end and runs at once (onClose)
            cleanup.execute(this::runCloseHooks);
        }
        SESSION_LINES.info("session.end", "session.end id={} remote={} transport={} protocol={} client={} handshake={} duration_ms={} "
                + "dropped_publications={} reason={}", id, remoteAddress(), transport(), protocol.subprotocol(), clientForLog(),
                before != State.AWAITING_HANDSHAKE, Duration.between(started, Instant.now()).toMillis(),
                droppedPublications.get(), LogText.quoted(reason));
        return true;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String protocol() {
        return protocol.subprotocol();
    }

    @Override
    public String transport() {
        return connection.transport();
    }

    @Override
    public String remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public boolean isOpen() {
        return state.get() != State.CLOSED;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public void onClose(Runnable cleanup) {
        closeHooks.add(cleanup);
        if (state.get() == State.CLOSED) {
            runOnce(cleanup); // the session ended while the hook was being added
        }
    }

    private void runCloseHooks() {
        for (Runnable hook : closeHooks) {
            runOnce(hook);
        }
    }

    /** Runs a close hook unless it already ran: whoever removes it from the list runs it. */
    private void runOnce(Runnable hook) {
        if (closeHooks.remove(hook)) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("a close hook of session {} failed", id, e);
            }
        }
    }
}
