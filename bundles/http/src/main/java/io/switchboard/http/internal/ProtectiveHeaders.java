package io.switchboard.http.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The {@link SecurityHeaders} on every answer of every servlet (the web console's pages, the APIs,
 * components' own servlets), set before anything else runs so that refusals carry them too; and
 * {@code TRACE}, which only echoes a request back, is refused everywhere. It runs first among the
 * preprocessors (service ranking).
 */
@Component(service = Preprocessor.class, property = "service.ranking:Integer=1000")
public final class ProtectiveHeaders implements Preprocessor {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        SecurityHeaders.apply(http::setHeader);
        if ("TRACE".equals(((HttpServletRequest) request).getMethod())) {
            ErrorResponses.write(http, HttpServletResponse.SC_METHOD_NOT_ALLOWED, HttpErrors.METHOD_NOT_ALLOWED,
                    "TRACE is not supported by this server");
            return;
        }
        chain.doFilter(request, response);
    }
}
