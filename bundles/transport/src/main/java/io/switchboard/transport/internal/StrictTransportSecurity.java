package io.switchboard.transport.internal;

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
 * on (configuration PID {@code io.switchboard.transport.hsts}). Plain HTTP answers carry nothing,
 * as the standard requires.
 */
@Component(configurationPid = "io.switchboard.transport.hsts")
@Designate(ocd = StrictTransportSecurity.Config.class)
public final class StrictTransportSecurity implements Preprocessor {

    @ObjectClassDefinition(name = "Switchboard HSTS")
    public @interface Config {
        @AttributeDefinition(description = "max-age of Strict-Transport-Security in seconds; 0 turns the header off")
        long max_age() default 31_536_000;

        boolean include_subdomains() default false;
    }

    private final String header;

    @Activate
    public StrictTransportSecurity(Config config) {
        header = config.max_age() <= 0 ? null : "max-age=" + config.max_age() + (config.include_subdomains() ? "; includeSubDomains" : "");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (header != null && request.isSecure()) {
            ((HttpServletResponse) response).setHeader("Strict-Transport-Security", header);
        }
        chain.doFilter(request, response);
    }
}
