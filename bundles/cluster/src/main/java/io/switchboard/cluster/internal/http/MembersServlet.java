package io.switchboard.cluster.internal.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.cluster.Cluster;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.ClusterNode;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/cluster/members}: the members this node sees, with their state and components,
 * for administrators ({@link #access}: the gate in front of every {@code /api/} servlet checks it).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/cluster/members")
public final class MembersServlet extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Cluster cluster;

    /** Who may read the member list: administrators, whatever the method (a wrong one is then told 405). */
    @Override
    public Access access(HttpServletRequest request) {
        return Access.administrators();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!request.getMethod().equals("GET")) {
            response.setHeader("Allow", "GET");
            ErrorResponses.write(response, 405, ClusterErrors.METHOD_NOT_ALLOWED, request.getMethod() + " " + request.getRequestURI()
                    + " is not supported; use GET");
            return;
        }
        Cluster current = cluster;
        if (current == null) {
            response.setHeader("Retry-After", "1");
            ErrorResponses.write(response, 503, ClusterErrors.JOINING, "this node has not joined its cluster yet");
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", current.nodeName());
        body.put("members", current.members());
        if (current instanceof ClusterNode node) {
            body.put("events", node.eventTraffic());
        }
        JSON.writeValue(response.getOutputStream(), body);
    }
}
