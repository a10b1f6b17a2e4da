package io.switchboard.system.internal;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: 200 with {@code {"status":"UP"}} when the runtime is ready, 503 with the list of
 * what is not ready otherwise. It needs no login, so load balancers and scripts can poll it; it
 * names bundles and components but reveals no data.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient RuntimeReadiness readiness;

    @Activate
    public HealthServlet(@Reference RuntimeReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport report = readiness.report();
        Map<String, Object> body = report.toJson();
        response.setStatus(report.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
