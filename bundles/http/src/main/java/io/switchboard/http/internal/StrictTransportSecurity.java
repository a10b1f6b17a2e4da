package io.switchboard.http.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * HSTS: every answer given over HTTPS tells the browser to use HTTPS only for this host from now
 * on (configuration PID {@code io.switchboard.http.hsts}). Plain HTTP answers carry nothing, as
 * the standard requires. It lives with the other rules for every answer, so the web console has
 * it whichever features run.
 */
@Component(configurationPid = "io.switchboard.http.hsts")
@Designate(ocd = StrictTransportSecurity.Config.class)
public final class StrictTransportSecurity implements Preprocessor {

    @ObjectClassDefinition(name = "Switchboard HSTS")
    public @interface Config {
        @AttributeDefinition(description = "max-age of Strict-Transport-Security in seconds; 0 turns the header off")
        long maxAgeSeconds() default 31_536_000;

        boolean includeSubdomains() default false;
    }

    private final String header;

    @Activate
    public StrictTransportSecurity(Config config) {
        header = config.maxAgeSeconds() <= 0 ? null
                : "max-age=" + config.maxAgeSeconds() + (config.includeSubdomains() ? "; includeSubDomains" : "");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (header != null && request.isSecure()) {
            ((HttpServletResponse) response).setHeader("Strict-Transport-Security", header);
        }
        chain.doFilter(request, response);
    }
}
