package io.switchboard.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * The tests' stand-in for a runtime, on 127.0.0.1 and a free port: a Jetty server whose WebSocket
 * sessions on /api/ws (subprotocol switchboard.v1) hand each text message to a script, which answers
 * through the session; other requests go to {@code http} (null: 404).
 */
final class ScriptedServer implements AutoCloseable {

    /** What a session does with a text message it receives. */
    interface Script extends BiConsumer<CoreSession, String> {
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    ScriptedServer(Script script, Handler http) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler upgrades = new WebSocketUpgradeHandler(handler -> handler.addMapping("/api/ws", (WebSocketNegotiator)
                (request, response, callback) -> {
                    response.setAcceptedSubProtocol("switchboard.v1");
                    return new Session(script);
                }));
        upgrades.getConfiguration().setAutoFragment(false); // each text arrives as one frame, however the reads cut it
        if (http != null) {
            upgrades.setHandler(http);
        }
        server.setHandler(upgrades);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Sends a text frame on a session. */
    static void text(CoreSession session, String text) {
        session.sendFrame(new Frame(OpCode.TEXT, text), Callback.NOOP, false);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** One session: text messages (single frames) to the script, one frame demanded at a time. */
    private static final class Session implements FrameHandler {
        private final Script script;
        private CoreSession session;

        Session(Script script) {
            this.script = script;
        }

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (frame.getOpCode() == OpCode.TEXT) {
                ByteBuffer payload = frame.getPayload();
                script.accept(session, payload == null ? "" : StandardCharsets.UTF_8.decode(payload.duplicate()).toString());
            } else if (frame.getOpCode() == OpCode.PONG) {
                script.accept(session, "<pong " + (frame.getPayload() == null ? "" : StandardCharsets.UTF_8.decode(frame.getPayload().duplicate())) + ">");
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
}
