package io.switchboard.transport.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

import io.switchboard.session.Connection;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.session.SessionManager;

/**
 * One WebSocket connection: Jetty's events go to the session layer, the session layer's frames go
 * to Jetty. Jetty asks for the next frame only after this one is handed over (auto-demand), and
 * the session layer decodes and queues without blocking, so a slow request never stalls the socket.
 * Public because Jetty binds the listener methods through method handles.
 */
public final class WebSocketConnection implements Session.Listener.AutoDemanding, Connection {

    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private final SessionManager sessions;
    private final String protocol;
    private volatile Session socket;
    /** Jetty's core session under the API one: it can buffer frames and flush them in one write. */
    private volatile CoreSession core;
    private volatile SessionEndpoint endpoint;
    private volatile String remote = "-";

    WebSocketConnection(SessionManager sessions, String protocol) {
        this.sessions = sessions;
        this.protocol = protocol;
    }

    // --- Jetty's side

    @Override
    public void onWebSocketOpen(Session session) {
        socket = session;
        core = session instanceof WebSocketSession jetty ? jetty.getCoreSession() : null;
        remote = String.valueOf(session.getRemoteSocketAddress());
        endpoint = sessions.open(this, protocol);
    }

    @Override
    public void onWebSocketText(String message) {
        endpoint.received(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        close(StatusCode.BAD_DATA, "binary frames are not accepted: send JSON text frames");
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        endpoint.pong();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        SessionEndpoint current = endpoint;
        if (current != null) {
            current.closed(statusCode, reason);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        SessionEndpoint current = endpoint;
        if (current != null) {
            current.closed(StatusCode.ABNORMAL, String.valueOf(cause.getMessage()));
        }
    }

    // --- the session layer's side

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public void send(String frame, Consumer<Throwable> done) {
        socket.sendText(frame, Callback.from(() -> done.accept(null), done));
    }

    /**
     * Jetty's frame flusher gathers batched frames in one buffer (up to the output buffer size) and
     * writes them with the next frame that is not batched, or earlier when the buffer fills.
     */
    @Override
    public void sendBuffered(String frame, Consumer<Throwable> done) {
        CoreSession current = core;
        if (current == null) {
            send(frame, done);
            return;
        }
        current.sendFrame(new Frame(OpCode.TEXT, frame), org.eclipse.jetty.util.Callback.from(() -> done.accept(null), done), true);
    }

    @Override
    public void ping() {
        socket.sendPing(PING.duplicate(), Callback.NOOP);
    }

    @Override
    public void close(int code, String reason) {
        Session current = socket;
        if (current != null && current.isOpen()) {
            current.close(code, reason, Callback.NOOP);
        }
    }
}
