package io.switchboard.security.internal;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.security.SecurityService;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.ErrorResponses;
import io.switchboard.system.http.RequestBodies;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code POST /api/login} with {@code {"username", "password"}}: 200 {@code {"token"}}, or 401 (423 when locked). Open to anyone. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/login")
public final class LoginServlet extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 8 * 1024;

    private final transient SecurityService security;

    @Activate
    public LoginServlet(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public Access access(HttpServletRequest request) {
        return Access.anyone();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = RequestBodies.upTo(request, MAX_BODY);
        JsonNode credentials;
        try {
            credentials = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            credentials = null;
        }
        if (credentials == null || !credentials.path("username").isTextual() || !credentials.path("password").isTextual()) {
            refuse(response, new SwitchboardException(AccessErrors.INVALID_REQUEST, "send {\"username\": …, \"password\": …} as JSON"));
            return;
        }
        try {
            SecurityService.Login login = security.login(credentials.get("username").asText(), credentials.get("password").asText(),
                    request.getRemoteAddr() + ":" + request.getRemotePort(), "http").getValue();
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            JSON.writeValue(response.getOutputStream(), JSON.createObjectNode().put("token", login.token())
                    .put("expires", login.principal().expires().toEpochMilli()));
        } catch (InvocationTargetException e) {
            refuse(response, e.getCause() instanceof SwitchboardException known ? known
                    : new SwitchboardException(AccessErrors.UNAVAILABLE, "the login could not be checked; try again"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(response, new SwitchboardException(AccessErrors.UNAVAILABLE, "interrupted while logging in"));
        }
    }

    private static void refuse(HttpServletResponse response, SwitchboardException failure) throws IOException {
        int status = AccessErrors.httpStatus(failure.code());
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
        }
        ErrorResponses.write(response, status, failure);
    }
}
