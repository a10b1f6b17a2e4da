package io.switchboard.transport.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.internal.SelectorReadHandshaker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.switchboard.session.SessionManager;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/ws}: upgrades to WebSocket on the runtime's own Jetty 12 (the Felix HTTP service), so
 * the WebSocket shares the HTTP port, TLS and lifecycle with everything else. A client picks its
 * protocol with the WebSocket subprotocol ({@code switchboard.v1} when it names none); one that
 * offers only unknown protocols is refused before the upgrade.
 *
 * <p>The connection is served by Jetty's core WebSocket API ({@link FrameConnection}), not its
 * annotated-endpoint API: frames stay bytes, with no text message and no future made per frame.
 */
@Component(service = Servlet.class, configurationPid = "io.switchboard.transport")
@HttpWhiteboardServletPattern("/api/ws")
@Designate(ocd = WebSocketEndpoint.Config.class)
public final class WebSocketEndpoint extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    /** Room to read and write a run of frames at once; Jetty takes these buffers from its pool only while it reads or writes. */
    private static final int IO_BUFFER_BYTES = 32 * 1024;
    /** Jetty's RFC 6455 handshake, with connections whose reads run on the selector's thread (stateless: one for all). */
    private static final SelectorReadHandshaker SELECTOR_READS = new SelectorReadHandshaker(SelectorReadConnection::new);

    /** Anyone may connect: each request on the connection is then authorised on its own (the session's authorizer). */
    @Override
    public Access access(HttpServletRequest request) {
        return Access.anyone();
    }

    @ObjectClassDefinition(name = "Switchboard WebSocket transport")
    public @interface Config {
        @AttributeDefinition(description = "largest text frame accepted, in bytes; a larger one closes the connection with 1009")
        int max_frame_bytes() default 1024 * 1024;

        @AttributeDefinition(description = "milliseconds without any frame (heartbeats count) before the connection is dropped")
        long idle_timeout() default 60_000;
    }

    private final transient SessionManager sessions;
    private final transient Config config;
    private transient volatile WebSocketMappings mappings;

    @Activate
    public WebSocketEndpoint(@Reference SessionManager sessions, Config config) {
        this.sessions = sessions;
        this.config = config;
    }

    /**
     * Made at the first request: only then is Jetty's context handler known (the Felix HTTP service
     * hands {@code init} a servlet context of its own).
     */
    private WebSocketMappings mappings(ServletContextRequest request) throws ServletException {
        WebSocketMappings made = mappings;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (mappings == null) {
                mappings = newMappings(request.getServletContextHandler());
            }
            return mappings;
        }
    }

    private WebSocketMappings newMappings(ServletContextHandler context) throws ServletException {
        try {
            WebSocketComponents components = WebSocketServerComponents.getWebSocketComponents(context);
            if (components == null) {
                Server server = context.getServer();
                components = WebSocketServerComponents.ensureWebSocketComponents(server, context);
            }
            WebSocketMappings mappings = new WebSocketMappings(components);
            Configuration.ConfigurationCustomizer limits = new Configuration.ConfigurationCustomizer();
            // A frame over the limit is split (auto-fragment) and the message refused as it grows past
            // the limit (FrameConnection): Jetty never gathers an oversized frame in memory.
            limits.setMaxFrameSize(config.max_frame_bytes());
            limits.setAutoFragment(true);
            limits.setMaxTextMessageSize(config.max_frame_bytes());
            limits.setMaxBinaryMessageSize(1024);
            limits.setIdleTimeout(Duration.ofMillis(config.idle_timeout()));
            limits.setInputBufferSize(IO_BUFFER_BYTES);
            limits.setOutputBufferSize(IO_BUFFER_BYTES);
            mappings.addMapping(WebSocketMappings.parsePathSpec("/"),
                    (request, response, callback) -> {
                        Optional<String> protocol = sessions.chooseProtocol(request.getSubProtocols());
                        if (protocol.isEmpty()) {
                            callback.succeeded();
                            return null; // a plugin went away since service() looked: Jetty refuses the upgrade
                        }
                        if (!request.getSubProtocols().isEmpty()) {
                            response.setAcceptedSubProtocol(protocol.get());
                        }
                        callback.succeeded();
                        return new FrameConnection(sessions, protocol.get(), config.max_frame_bytes());
                    },
                    (endpoint, request, response) -> (FrameConnection) endpoint, limits);
            return mappings;
        } catch (RuntimeException e) {
            throw new ServletException("the WebSocket endpoint cannot start", e);
        }
    }

    @Override
    public void destroy() {
        WebSocketMappings made = mappings;
        if (made != null) {
            made.clear();
        }
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(req);
        WebSocketMappings mappings = request == null ? null : mappings(request);
        if (mappings == null || !mappings.getHandshaker().isWebSocketUpgradeRequest(request)) {
            super.service(req, resp);
            return;
        }
        List<String> offered = offeredProtocols(req);
        if (sessions.chooseProtocol(offered).isEmpty()) {
            resp.sendError(400, "unsupported WebSocket subprotocol " + offered + "; this server speaks switchboard.v1");
            return;
        }
        FutureCallback callback = new FutureCallback();
        if (upgrade(mappings, request, callback)) {
            callback.block();
            return;
        }
        super.service(req, resp);
    }

    /**
     * An HTTP/1.1 upgrade (RFC 6455) goes through {@link SelectorReadHandshaker}, whose connection
     * reads on Jetty's selector thread ({@link SelectorReadConnection}); any other (WebSocket over
     * HTTP/2, RFC 8441) through Jetty's own handshaker, as before.
     */
    private static boolean upgrade(WebSocketMappings mappings, ServletContextRequest request, FutureCallback callback) {
        if (!SELECTOR_READS.isWebSocketUpgradeRequest(request)) {
            return mappings.upgrade(request, request.getServletContextResponse(), callback, null);
        }
        WebSocketNegotiator negotiator = mappings.getMatchedNegotiator(request, (matched, spec) -> matched.setAttribute(PathSpec.class.getName(), spec));
        return negotiator != null
                && SELECTOR_READS.upgradeRequest(negotiator, request, request.getServletContextResponse(), callback, mappings.getWebSocketComponents(), null);
    }

    /** The subprotocols a client offers: every Sec-WebSocket-Protocol header, each a comma-separated list. */
    private static List<String> offeredProtocols(HttpServletRequest req) {
        List<String> offered = new ArrayList<>();
        for (String header : Collections.list(req.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String name : header.split(",")) {
                if (!name.isBlank()) {
                    offered.add(name.trim());
                }
            }
        }
        return offered;
    }
}
