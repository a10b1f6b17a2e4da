/**
 * Readiness of the runtime. A bundle that must be ready before the runtime reports itself
 * ready (a store that opens files, a cluster member that must join) registers a
 * {@link io.switchboard.system.health.HealthCheck} service; {@code GET /health} answers 200 only
 * when every check and every bundle that should be active is ready. 1.1: a check may report the
 * runtime ready but degraded ({@link io.switchboard.system.health.HealthStatus#degraded}).
 */
@Export
@Version("1.1.0")
package io.switchboard.system.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
