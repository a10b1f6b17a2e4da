package io.switchboard.mesh.internal.http;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.switchboard.mesh.Mesh;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /api/mesh/description}: every component this node knows, with versions, methods, events and dependencies. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/mesh/description")
public final class DescriptionServlet extends OneMethodServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient Mesh mesh;

    public DescriptionServlet() {
        super("GET");
    }

    /** What runs here: any logged-in user may know it. */
    @Override
    public Access access(HttpServletRequest request) {
        return Access.login();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), Map.of("components", mesh.describe()));
    }
}
