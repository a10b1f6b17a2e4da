package io.switchboard.transport.internal;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
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

/**
 * {@code /api/ws}: upgrades to WebSocket on the runtime's own Jetty 12 (the Felix HTTP service), so
 * the WebSocket shares the HTTP port, TLS and lifecycle with everything else. A client picks its
 * protocol with the WebSocket subprotocol ({@code switchboard.v1} when it names none); one that
 * offers only unknown protocols is refused before the upgrade.
 */
@Component(service = Servlet.class, configurationPid = "io.switchboard.transport")
@HttpWhiteboardServletPattern("/api/ws")
@Designate(ocd = WebSocketEndpoint.Config.class)
public final class WebSocketEndpoint extends JettyWebSocketServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;

    /** Anyone may connect: each request on the connection is then authorised on its own (the session's authorizer). */
    @Override
    public Access access(jakarta.servlet.http.HttpServletRequest request) {
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

    @Activate
    public WebSocketEndpoint(@Reference SessionManager sessions, Config config) {
        this.sessions = sessions;
        this.config = config;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(config.max_frame_bytes());
        factory.setMaxBinaryMessageSize(1024);
        factory.setIdleTimeout(Duration.ofMillis(config.idle_timeout()));
        factory.setCreator((request, response) -> {
            Optional<String> protocol = sessions.chooseProtocol(request.getSubProtocols());
            if (protocol.isEmpty()) {
                try {
                    response.sendError(400, "unsupported WebSocket subprotocol " + request.getSubProtocols()
                            + "; this server speaks switchboard.v1");
                } catch (java.io.IOException e) {
                    // the client went away; nothing to tell it
                }
                return null;
            }
            if (!request.getSubProtocols().isEmpty()) {
                response.setAcceptedSubProtocol(protocol.get());
            }
            return new WebSocketConnection(sessions, protocol.get());
        });
    }
}
