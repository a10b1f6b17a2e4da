package io.switchboard.system.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One contribution to the runtime's readiness, registered as an OSGi service.
 *
 * <p>{@link #check()} is called for every {@code GET /health}; it must be quick and must not block
 * on I/O, so keep the state it reports up to date elsewhere and read it here.
 */
@ConsumerType
public interface HealthCheck {

    /** A short stable name for the check, shown in the health report, for example {@code data.store}. */
    String name();

    /** The current state of what this check watches. */
    HealthStatus check();
}
