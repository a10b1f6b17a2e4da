package org.eclipse.jetty.websocket.core.server.internal;

import java.util.concurrent.Executor;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * Switchboard's (bundles/transport), not Jetty's: Jetty's own RFC 6455 handshake, every step of it
 * {@link RFC6455Handshaker}'s, except that the connection it makes after the upgrade comes from the
 * transport ({@link Connections}): one whose reads Jetty's selector may run on its own thread.
 *
 * <p>Why it sits in Jetty's package: Jetty 12.0 makes the server's WebSocket connection only here
 * ({@code RFC6455Handshaker} is final, its steps protected, its package not exported to OSGi), and
 * a connection's invocation type, which decides whether the selector hands its reads to another
 * thread, is fixed by the connection's class. The transport bundle embeds this package privately
 * (bnd, split with Jetty's own classes of the package from the same Jetty version), so that these
 * delegations are checked by the compiler against the Jetty it ships with.
 */
public final class SelectorReadHandshaker extends AbstractHandshaker {

    /** Makes the connection of an upgraded request, with what Jetty would have given its own. */
    @FunctionalInterface
    public interface Connections {
        WebSocketConnection make(EndPoint endPoint, Executor executor, Scheduler scheduler, ByteBufferPool buffers, WebSocketCoreSession session);
    }

    private final RFC6455Handshaker rfc6455 = new RFC6455Handshaker();
    private final Connections connections;

    public SelectorReadHandshaker(Connections connections) {
        this.connections = connections;
    }

    @Override
    public boolean isWebSocketUpgradeRequest(Request request) {
        return rfc6455.isWebSocketUpgradeRequest(request);
    }

    @Override
    protected WebSocketNegotiation newNegotiation(Request request, Response response, Callback callback, WebSocketComponents components) {
        return rfc6455.newNegotiation(request, response, callback, components);
    }

    @Override
    protected boolean validateNegotiation(WebSocketNegotiation negotiation) {
        return rfc6455.validateNegotiation(negotiation);
    }

    @Override
    protected void prepareResponse(Response response, WebSocketNegotiation negotiation) {
        rfc6455.prepareResponse(response, negotiation);
    }

    /** As RFC6455Handshaker's: the connector's executor, scheduler and buffers, the request's end point. */
    @Override
    protected WebSocketConnection createWebSocketConnection(Request request, WebSocketCoreSession session) {
        Connector connector = request.getConnectionMetaData().getConnector();
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        return newWebSocketConnection(endPoint, connector.getExecutor(), connector.getScheduler(), connector.getByteBufferPool(), session);
    }

    /** As AbstractHandshaker's, with the transport's connection: the session is told of it. */
    @Override
    protected WebSocketConnection newWebSocketConnection(EndPoint endPoint, Executor executor, Scheduler scheduler, ByteBufferPool buffers,
            WebSocketCoreSession session) {
        WebSocketConnection connection = connections.make(endPoint, executor, scheduler, buffers, session);
        session.setWebSocketConnection(connection);
        return connection;
    }
}
