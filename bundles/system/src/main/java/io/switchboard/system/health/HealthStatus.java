package io.switchboard.system.health;

import java.util.Objects;

/**
 * The answer of one {@link HealthCheck}: ready or not, and in words why not.
 *
 * @param ready  whether what the check watches is ready
 * @param detail what is not ready and why; empty when ready
 */
public record HealthStatus(boolean ready, String detail) {

    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }

    public static HealthStatus up() {
        return new HealthStatus(true, "");
    }

    public static HealthStatus down(String why) {
        return new HealthStatus(false, why);
    }
}
