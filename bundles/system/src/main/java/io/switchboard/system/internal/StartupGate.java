package io.switchboard.system.internal;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps clients out until the runtime is ready for the first time: while it starts, every request
 * but {@code /health} is answered 503 {@code system.starting} (with {@code Retry-After}), so no
 * client meets a half-started runtime (a WebSocket upgrade included). Once ready, the gate stays
 * open for good; later trouble is for {@code /health} to report, not for the gate to hide.
 */
@Component(configurationPid = "io.switchboard.system.gate")
@Designate(ocd = StartupGate.Config.class)
public final class StartupGate implements Preprocessor {

    @ObjectClassDefinition(name = "Switchboard startup gate")
    public @interface Config {
        @AttributeDefinition(description = "answer 503 to everything but /health until the runtime is first ready")
        boolean enabled() default true;
    }

    private static final long RECHECK_NANOS = 100_000_000L;
    private static final byte[] STARTING = ErrorResponses.body("system.starting",
            "Switchboard is starting; try again shortly (GET /health says when it is ready)");

    private final BooleanSupplier ready;
    private volatile boolean open;
    private volatile long lastCheck = System.nanoTime() - RECHECK_NANOS;

    @Activate
    public StartupGate(@Reference RuntimeReadiness readiness, Config config) {
        this(() -> readiness.report().ready(), config.enabled());
    }

    StartupGate(BooleanSupplier ready, boolean enabled) {
        this.ready = ready;
        this.open = !enabled;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (open || isHealth(request) || becameReady()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        http.setHeader("Retry-After", "1");
        http.setContentType("application/json");
        http.getOutputStream().write(STARTING);
    }

    /** Asks the runtime at most every 100 ms while starting: readiness is not free to compute. */
    private boolean becameReady() {
        long now = System.nanoTime();
        if (now - lastCheck < RECHECK_NANOS) {
            return false;
        }
        lastCheck = now;
        if (ready.getAsBoolean()) {
            open = true;
        }
        return open;
    }

    private static boolean isHealth(ServletRequest request) {
        return request instanceof HttpServletRequest http && "/health".equals(http.getRequestURI());
    }
}
