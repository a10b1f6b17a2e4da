package io.switchboard.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.internal.SelectorReadHandshaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.session.Connection;
import io.switchboard.session.Session;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.session.SessionManager;
import io.switchboard.system.flush.HeldFlushes;

/**
 * The transport's handshake on a real Jetty server on 127.0.0.1: Jetty's RFC 6455 upgrade, a
 * connection that says its reads do not block, and each frame read and answered by Jetty's
 * selector itself (its execution strategy's produce-consume mode) rather than handed to another
 * thread. A Jetty upgrade that changes how the handshaker makes its connection fails here.
 */
class SelectorReadHandshakerTest {

    private static final int ROUND_TRIPS = 20;
    private static final int HANDED_OFF_ROUND_TRIPS = 200;
    private static final int PIPELINED_RUNS = 200;
    private static final int RUN_LENGTH = 20;

    private final Server server = new Server();
    private final WebSocketCoreClient client = new WebSocketCoreClient();
    private final BlockingQueue<InvocationType> serverConnections = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.stop();
    }

    /** A handler that asks for the first frame at the open and takes errors and closes as they come. */
    private abstract static class Peer implements FrameHandler {
        CoreSession session;

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            callback.succeeded();
        }
    }

    /** Echoes each text frame, then asks for the next one. */
    private final class Echo extends Peer {
        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            serverConnections.add(((WebSocketCoreSession) coreSession).getConnection().getInvocationType());
            super.onOpen(coreSession, callback);
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (frame.getOpCode() == OpCode.TEXT) {
                session.sendFrame(new Frame(OpCode.TEXT, BufferUtil.copy(frame.getPayload())), Callback.NOOP, false);
            }
            callback.succeeded();
            session.demand();
        }
    }

    /** The client's side: every text frame it gets goes to a queue. */
    private static final class Received extends Peer {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (frame.getOpCode() == OpCode.TEXT) {
                texts.add(frame.getPayloadAsUTF8());
            }
            callback.succeeded();
            session.demand();
        }
    }

    /** Starts a server on 127.0.0.1 whose upgraded connections the factory makes, each served by a new handler. */
    private ServerConnector start(SelectorReadHandshaker.Connections connections, Supplier<FrameHandler> handlers) throws Exception {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketComponents components = new WebSocketComponents();
        server.addBean(components);
        SelectorReadHandshaker handshaker = new SelectorReadHandshaker(connections);
        // the request's callback is the upgrade's to complete (with the 101), not the creator's
        WebSocketNegotiator negotiator = WebSocketNegotiator.from((request, response, callback) -> handlers.get(), (endpoint, request, response) -> (FrameHandler) endpoint);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (handshaker.isWebSocketUpgradeRequest(request)
                        && handshaker.upgradeRequest(negotiator, request, response, callback, components, null)) {
                    return true;
                }
                Response.writeError(request, response, callback, 400, "not a WebSocket upgrade");
                return true;
            }
        });
        server.start();
        client.start();
        return connector;
    }

    @Test
    void upgradesWithJettysHandshakeAndEachFrameIsReadAndAnsweredOnTheSelectorsThread() throws Exception {
        ServerConnector connector = start(SelectorReadConnection::new, Echo::new);
        Received received = new Received();
        CoreSession session = client.connect(received, URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/")).get(10, TimeUnit.SECONDS);
        assertEquals(InvocationType.NON_BLOCKING, serverConnections.poll(10, TimeUnit.SECONDS), "the upgraded connection says its reads do not block");
        AdaptiveExecutionStrategy strategy = selectorStrategy(connector);
        long consumedBefore = strategy.getPCTasksConsumed();
        long handedOffBefore = strategy.getPECTasksExecuted() + strategy.getPICTasksExecuted();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            session.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(("hello " + i).getBytes(StandardCharsets.UTF_8))), Callback.NOOP, false);
            assertEquals("hello " + i, received.texts.poll(10, TimeUnit.SECONDS));
        }
        // A frame is read either by the selector's own thread (produce-consume) or, when it arrives
        // while the last one's answer is still being written, by the same read loop without a
        // selection at all; never by a thread the selector hands it to (Jetty's own connection: every one).
        long readOnTheSelector = strategy.getPCTasksConsumed() - consumedBefore;
        long handedOff = strategy.getPECTasksExecuted() + strategy.getPICTasksExecuted() - handedOffBefore;
        assertTrue(readOnTheSelector > 0, "frames are read on the selector's thread");
        assertEquals(0, handedOff, "reads handed to another thread");
    }

    /**
     * Jetty 12.0.32 loses a demand made by another thread while its read is leaving because nothing
     * asked for more (jetty/jetty.project#14528). This connection holds the selector in exactly that
     * window until the request handed off from the frame just read has ended on its pool thread,
     * every time: a hand-off whose thread asked for the next frame there would stop the connection
     * being read.
     */
    private static final class HeldInJettysWindow extends SelectorReadConnection {
        private final AtomicReference<CountDownLatch> handOffEnded;

        HeldInJettysWindow(EndPoint endPoint, Executor pool, Scheduler scheduler, ByteBufferPool buffers, WebSocketCoreSession session,
                AtomicReference<CountDownLatch> handOffEnded) {
            super(endPoint, endsCounted(pool, handOffEnded), scheduler, buffers, session);
            this.handOffEnded = handOffEnded;
        }

        /** The pool, each task of which counts down, once it has ended, the latch set when it was submitted. */
        private static Executor endsCounted(Executor pool, AtomicReference<CountDownLatch> latch) {
            return task -> {
                CountDownLatch ended = latch.get();
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        if (ended != null) {
                            ended.countDown();
                        }
                    }
                });
            };
        }

        @Override
        public boolean moreDemand() {
            boolean more = super.moreDemand();
            CountDownLatch ended = handOffEnded.getAndSet(null);
            if (!more && ended != null) {
                try {
                    assertTrue(ended.await(10, TimeUnit.SECONDS), "the handed-off request ended");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return more;
        }
    }

    /**
     * Answers each text frame the selector reads from a request handed off to Jetty's pool, as the
     * session does with a component's call; a frame read on a pool thread (the first, asked for at
     * the open) is answered at once.
     */
    private static final class HandsOff extends Peer {
        private final AtomicReference<CountDownLatch> handOffEnded;

        HandsOff(AtomicReference<CountDownLatch> handOffEnded) {
            this.handOffEnded = handOffEnded;
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            ByteBuffer echo = BufferUtil.copy(frame.getPayload());
            callback.succeeded();
            if (frame.getOpCode() != OpCode.TEXT) {
                session.demand();
                return;
            }
            Runnable answer = () -> session.sendFrame(new Frame(OpCode.TEXT, echo), Callback.NOOP, false);
            SelectorReadConnection connection = (SelectorReadConnection) ((WebSocketCoreSession) session).getConnection();
            if (!connection.readingOnSelector()) {
                answer.run();
                session.demand();
                return;
            }
            handOffEnded.set(new CountDownLatch(1));
            assertTrue(connection.handOff(answer, () -> { }), "Jetty's pool takes the request");
        }
    }

    @Test
    void aRequestHandedOffFromTheSelectorIsFollowedByTheNextFrameWhenItEndsInJettysWindow() throws Exception {
        AtomicReference<CountDownLatch> handOffEnded = new AtomicReference<>();
        ServerConnector connector = start(
                (endPoint, pool, scheduler, buffers, session) -> new HeldInJettysWindow(endPoint, pool, scheduler, buffers, session, handOffEnded),
                () -> new HandsOff(handOffEnded));
        Received received = new Received();
        CoreSession session = client.connect(received, URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/")).get(10, TimeUnit.SECONDS);
        AdaptiveExecutionStrategy strategy = selectorStrategy(connector);
        long readOnTheSelectorBefore = strategy.getPCTasksConsumed();
        for (int i = 0; i < HANDED_OFF_ROUND_TRIPS; i++) {
            session.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(("call " + i).getBytes(StandardCharsets.UTF_8))), Callback.NOOP, false);
            assertEquals("call " + i, received.texts.poll(10, TimeUnit.SECONDS), "answer " + i + " (none: the connection is no longer read)");
        }
        assertTrue(strategy.getPCTasksConsumed() > readOnTheSelectorBefore, "requests were read on the selector and handed off");
    }

    /**
     * The session layer's part, as the session does with a component's call: each request whose
     * frame the selector reads is handed to Jetty's pool, the others run where they were read; each
     * answers with the request's own bytes, written and flushed.
     */
    private static SessionManager handingOffSessions() {
        return new SessionManager() {
            @Override
            public Optional<String> chooseProtocol(List<String> offered) {
                return Optional.of("test");
            }

            @Override
            public SessionEndpoint open(Connection connection, String protocol) {
                return new SessionEndpoint() {
                    @Override
                    public void received(byte[] utf8, int offset, int length) {
                        byte[] answer = Arrays.copyOfRange(utf8, offset, offset + length);
                        Runnable reply = () -> {
                            connection.write(answer, failure -> { });
                            connection.flush();
                        };
                        if (!connection.readerIsShared() || !connection.handOff(reply)) {
                            reply.run();
                        }
                    }

                    @Override
                    public void received(String frame) {
                        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
                        received(utf8, 0, utf8.length);
                    }

                    @Override
                    public void pong() {
                    }

                    @Override
                    public void closed(int code, String reason) {
                    }

                    @Override
                    public void close(int code, String reason) {
                        connection.close(code, reason);
                    }
                };
            }

            @Override
            public List<Session> sessions() {
                return List.of();
            }
        };
    }

    @Test
    void pipelinedRequestsHandedOffFromTheSelectorAreEachAnsweredInOrder() throws Exception {
        ServerConnector connector = start(SelectorReadConnection::new, () -> new FrameConnection(handingOffSessions(), "test", 64 * 1024));
        Received received = new Received();
        CoreSession session = client.connect(received, URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/")).get(10, TimeUnit.SECONDS);
        AdaptiveExecutionStrategy strategy = selectorStrategy(connector);
        long readOnTheSelectorBefore = strategy.getPCTasksConsumed();
        int sent = 0;
        for (int run = 0; run < PIPELINED_RUNS; run++) {
            for (int i = 0; i < RUN_LENGTH; i++) { // a run of frames in one write: the server reads them together
                String text = "request " + sent++;
                session.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))), Callback.NOOP, i < RUN_LENGTH - 1);
            }
            for (int answered = sent - RUN_LENGTH; answered < sent; answered++) {
                assertEquals("request " + answered, received.texts.poll(10, TimeUnit.SECONDS), "answer " + answered + " (none: held and never written)");
            }
        }
        assertTrue(strategy.getPCTasksConsumed() > readOnTheSelectorBefore, "runs were read on the selector, their first request handed off");
    }

    /**
     * Answers each text frame from a flush asked for through {@link HeldFlushes}, as the session asks
     * for a subscriber's flush when it writes a publication there; notes, for each frame the selector
     * read, whether that flush ran at once.
     */
    private static final class AnswersInAHeldFlush extends Peer {
        final BlockingQueue<Boolean> ranAtOnce = new LinkedBlockingQueue<>();

        @Override
        public void onFrame(Frame frame, Callback callback) {
            ByteBuffer echo = BufferUtil.copy(frame.getPayload());
            callback.succeeded();
            if (frame.getOpCode() == OpCode.TEXT) {
                boolean onSelector = ((SelectorReadConnection) ((WebSocketCoreSession) session).getConnection()).readingOnSelector();
                AtomicBoolean ran = new AtomicBoolean();
                HeldFlushes.now(() -> {
                    ran.set(true);
                    session.sendFrame(new Frame(OpCode.TEXT, echo), Callback.NOOP, false);
                });
                if (onSelector) {
                    ranAtOnce.add(ran.get());
                }
            }
            session.demand();
        }
    }

    /**
     * A flush asked for while the selector reads (a publication written to a subscriber by the
     * request just read) waits until the read returns, so that a burst of requests sends each
     * subscriber one write; and then it does run: every answer comes back.
     */
    @Test
    void aFlushAskedForWhileTheSelectorReadsRunsOnceTheReadReturns() throws Exception {
        AnswersInAHeldFlush handler = new AnswersInAHeldFlush();
        ServerConnector connector = start(SelectorReadConnection::new, () -> handler);
        Received received = new Received();
        CoreSession session = client.connect(received, URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/")).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < ROUND_TRIPS; i++) {
            session.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(("set " + i).getBytes(StandardCharsets.UTF_8))), Callback.NOOP, false);
            assertEquals("set " + i, received.texts.poll(10, TimeUnit.SECONDS), "answer " + i + " (none: its flush was held and never run)");
        }
        List<Boolean> ranAtOnce = List.copyOf(handler.ranAtOnce);
        assertTrue(!ranAtOnce.isEmpty(), "frames were read on the selector");
        assertTrue(ranAtOnce.stream().noneMatch(Boolean::booleanValue), "a flush ran before the selector's read returned: " + ranAtOnce);
    }

    private static AdaptiveExecutionStrategy selectorStrategy(ServerConnector connector) {
        List<ManagedSelector> selectors = List.copyOf(connector.getSelectorManager().getBeans(ManagedSelector.class));
        assertEquals(1, selectors.size());
        return selectors.get(0).getBean(AdaptiveExecutionStrategy.class);
    }
}
