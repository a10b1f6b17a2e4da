package io.switchboard.http.internal;

import java.io.IOException;
import java.time.Duration;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.log.CorrelationIds;
import io.switchboard.system.log.LogText;
import io.switchboard.system.log.RateLimitedLog;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A servlet that throws, in any whiteboard context: the failure is logged here once, under a
 * reference, rate-limited and with a cut stack, and the client gets a 500 that carries the same
 * reference ({@link JsonErrorHandler}). Without it the whiteboard logs every such request with its
 * whole stack (a thousand frames for a stack overflow), however often a client repeats it.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)",
        "service.ranking:Integer=2147483647"})
public final class ServletFailures implements Filter {

    /** The request attribute that hands the reference to the error page. */
    static final String REFERENCE = "io.switchboard.http.error.reference";

    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.http");
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 10, Duration.ofMinutes(1));

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | Error | ServletException e) {
            HttpServletRequest http = (HttpServletRequest) request;
            String reference = CorrelationIds.next();
            FAILURES.error("http.internal-error", "http.internal-error reference={} method={} path={}: a servlet failed", reference,
                    LogText.of(http.getMethod(), 16), LogText.of(http.getRequestURI()), e);
            if (!response.isCommitted()) {
                request.setAttribute(REFERENCE, reference);
                ((HttpServletResponse) response).sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
        }
    }
}
