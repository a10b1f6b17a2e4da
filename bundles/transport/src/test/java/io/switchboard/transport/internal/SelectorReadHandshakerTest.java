package io.switchboard.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
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

/**
 * The transport's handshake on a real Jetty server on 127.0.0.1: Jetty's RFC 6455 upgrade, a
 * connection that says its reads do not block, and each frame read and answered by Jetty's
 * selector itself (its execution strategy's produce-consume mode) rather than handed to another
 * thread. A Jetty upgrade that changes how the handshaker makes its connection fails here.
 */
class SelectorReadHandshakerTest {

    private static final int ROUND_TRIPS = 20;

    private final Server server = new Server();
    private final WebSocketCoreClient client = new WebSocketCoreClient();
    private final BlockingQueue<InvocationType> serverConnections = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.stop();
    }

    /** Echoes each text frame, then asks for the next one. */
    private final class Echo implements FrameHandler {
        private CoreSession session;

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            serverConnections.add(((WebSocketCoreSession) coreSession).getConnection().getInvocationType());
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (frame.getOpCode() == OpCode.TEXT) {
                session.sendFrame(new Frame(OpCode.TEXT, BufferUtil.copy(frame.getPayload())), Callback.NOOP, false);
            }
            callback.succeeded();
            session.demand();
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

    /** The client's side: every text frame it gets goes to a queue. */
    private static final class Received implements FrameHandler {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private CoreSession session;

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (frame.getOpCode() == OpCode.TEXT) {
                texts.add(frame.getPayloadAsUTF8());
            }
            callback.succeeded();
            session.demand();
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

    @Test
    void upgradesWithJettysHandshakeAndEachFrameIsReadAndAnsweredOnTheSelectorsThread() throws Exception {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketComponents components = new WebSocketComponents();
        server.addBean(components);
        SelectorReadHandshaker handshaker = new SelectorReadHandshaker(SelectorReadConnection::new);
        // the request's callback is the upgrade's to complete (with the 101), not the creator's
        WebSocketNegotiator negotiator = WebSocketNegotiator.from((request, response, callback) -> new Echo(), (endpoint, request, response) -> (FrameHandler) endpoint);
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

    private static AdaptiveExecutionStrategy selectorStrategy(ServerConnector connector) {
        List<ManagedSelector> selectors = List.copyOf(connector.getSelectorManager().getBeans(ManagedSelector.class));
        assertEquals(1, selectors.size());
        return selectors.get(0).getBean(AdaptiveExecutionStrategy.class);
    }
}
