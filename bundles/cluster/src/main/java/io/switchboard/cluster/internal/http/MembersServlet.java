package io.switchboard.cluster.internal.http;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cluster.Cluster;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/cluster/members}: the members this node sees, with their state and components,
 * for administrators. It needs the security feature (it is not offered without it) and checks the
 * caller itself, since the HTTP filter of the security bundle covers other paths.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/cluster/members")
public final class MembersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who may read the member list: the one place this endpoint declares it. */
    static final String REQUIRED_GROUP = SecurityService.ADMIN_GROUP;

    @Reference
    private transient SecurityService security;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Cluster cluster;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!request.getMethod().equals("GET")) {
            response.setHeader("Allow", "GET");
            ErrorResponses.write(response, 405, ClusterErrors.METHOD_NOT_ALLOWED, request.getMethod() + " " + request.getRequestURI()
                    + " is not supported; use GET");
            return;
        }
        if (!authorized(request, response)) {
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
        JSON.writeValue(response.getOutputStream(), Map.of("node", current.nodeName(), "members", current.members()));
    }

    /** A valid token of a member of {@link #REQUIRED_GROUP}, else 401 or 403 in the JSON error format. */
    private boolean authorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
            ErrorResponses.write(response, 401, "security.unauthenticated", "send a token: Authorization: Bearer <token> (POST /api/login gives one)");
            return false;
        }
        Principal principal;
        try {
            principal = security.authenticate(header.substring(7).trim()).getValue();
        } catch (InvocationTargetException e) {
            SwitchboardException failure = e.getCause() instanceof SwitchboardException known ? known
                    : new SwitchboardException("security.invalid-token", "the token cannot be checked");
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
            ErrorResponses.write(response, 401, failure.code(), failure.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ErrorResponses.write(response, 503, "security.unavailable", "interrupted");
            return false;
        }
        if (!security.isValid(principal) || !principal.groups().contains(REQUIRED_GROUP)) {
            ErrorResponses.write(response, 403, "security.forbidden", "the cluster's members are for administrators only");
            return false;
        }
        return true;
    }
}
