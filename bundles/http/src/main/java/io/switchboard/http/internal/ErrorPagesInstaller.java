package io.switchboard.http.internal;

import java.io.IOException;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Puts the {@link JsonErrorHandler} in place of Jetty's error pages. The Felix HTTP service keeps
 * its Jetty {@link Server} to itself, but it hands each whiteboard preprocessor the container's
 * own servlet context when it starts it, and that context leads to the server: this preprocessor
 * exists for that moment, and lets every request through. The error handler is the server's, so
 * it also answers for requests Jetty refuses before any context (or this bundle) sees them.
 */
@Component(service = Preprocessor.class)
public final class ErrorPagesInstaller implements Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.http");

    private Server server;
    private Request.Handler previous;

    @Override
    public synchronized void init(FilterConfig config) {
        if (!(config.getServletContext() instanceof ServletContextHandler.ServletContextApi jetty)) {
            LOG.warn("the HTTP service is not Felix on Jetty 12: its own error pages stay, and they are not JSON");
            return;
        }
        server = jetty.getContext().getServletContextHandler().getServer();
        previous = server.getErrorHandler();
        server.setErrorHandler(new JsonErrorHandler());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(request, response);
    }

    /** Gives Jetty its own error pages back, unless something replaced ours since. */
    @Override
    public synchronized void destroy() {
        if (server != null && server.getErrorHandler() instanceof JsonErrorHandler) {
            server.setErrorHandler(previous);
        }
        server = null;
        previous = null;
    }
}
