package io.switchboard.stats.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /metrics}: every metric in the Prometheus text format (0.0.4), for administrators or the scrape token. */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient ScrapeAccess access;
    private final transient PrometheusMeterRegistry prometheus;
    private final transient Runnable beforeRead;

    MetricsServlet(ScrapeAccess access, PrometheusMeterRegistry prometheus, Runnable beforeRead) {
        this.access = access;
        this.prometheus = prometheus;
        this.beforeRead = beforeRead;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            access.check(request);
        } catch (SwitchboardException refused) {
            int status = AccessErrors.httpStatus(refused.code());
            if (status == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
            }
            ErrorResponses.write(response, status, refused);
            return;
        }
        beforeRead.run();
        byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
