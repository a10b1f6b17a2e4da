/**
 * The stats service: counters, gauges and timers by name and labels that every bundle of the
 * runtime uses through {@link io.switchboard.stats.Stats}, and a {@link io.switchboard.stats.StatsSnapshot}
 * of them by instance name. The service is optional for its users: while it is absent (stopped, or
 * turned off with {@code enabled = false}) they count into {@link io.switchboard.stats.Counter#NONE}
 * and {@link io.switchboard.stats.Timer#NONE}, which cost nothing. The exporters (Prometheus text at
 * {@code GET /metrics}, a StatsD push) and the names of every metric are in docs/metrics.md.
 * 1.1: {@link io.switchboard.stats.Stats#functionCounter}, a counter read from a count the caller keeps.
 */
@Export
@Version("1.1.0")
package io.switchboard.stats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
