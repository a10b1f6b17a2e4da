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
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code POST /api/login} with {@code {"username", "password"}}: 200 {@code {"token"}}, or 401 (423 when locked). */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/login")
public final class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 8 * 1024;

    private final transient SecurityService security;

    @Activate
    public LoginServlet(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        JsonNode credentials;
        try {
            credentials = body.length > MAX_BODY ? null : JSON.readTree(body);
        } catch (IOException e) {
            credentials = null;
        }
        if (credentials == null || !credentials.path("username").isTextual() || !credentials.path("password").isTextual()) {
            HttpAuthentication.refuse(response, 400, "security.invalid-request", "send {\"username\": …, \"password\": …} as JSON");
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
            SwitchboardException failure = e.getCause() instanceof SwitchboardException known ? known
                    : new SwitchboardException("security.unavailable", "login failed: " + e.getCause());
            int status = failure.code().equals("security.locked") ? 423 : failure.code().equals("security.unavailable") ? 500 : 401;
            HttpAuthentication.refuse(response, status, failure.code(), failure.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpAuthentication.refuse(response, 503, "security.unavailable", "interrupted while logging in");
        }
    }
}
