package io.switchboard.system.health;

import java.util.Objects;

/**
 * The answer of one {@link HealthCheck}: ready or not, and in words why not; or ready but degraded
 * (since 1.1): the runtime serves, and something it runs is broken without keeping the rest from
 * working (a component that failed to start). {@code GET /health} then answers 200 with status
 * {@code DEGRADED} and what is degraded.
 *
 * @param ready    whether what the check watches is ready
 * @param detail   what is not ready (or degraded) and why; empty when ready
 * @param degraded ready, but with something broken that {@code detail} names (since 1.1)
 */
public record HealthStatus(boolean ready, String detail, boolean degraded) {

    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
        if (degraded && !ready) {
            throw new IllegalArgumentException("a status is degraded or not ready, not both");
        }
    }

    /** A status that is not degraded, as in 1.0. */
    public HealthStatus(boolean ready, String detail) {
        this(ready, detail, false);
    }

    public static HealthStatus up() {
        return new HealthStatus(true, "");
    }

    public static HealthStatus down(String why) {
        return new HealthStatus(false, why);
    }

    /** Serving, with something broken: {@code why} says what. @since 1.1 */
    public static HealthStatus degraded(String why) {
        return new HealthStatus(true, why, true);
    }
}
