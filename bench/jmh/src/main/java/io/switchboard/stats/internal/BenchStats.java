package io.switchboard.stats.internal;

import java.time.Clock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.stats.Stats;

/**
 * For the benchmarks (bench/jmh, outside OSGi, hence in the stats bundle's private package): the
 * stats service as the runtime makes it, Micrometer's composite registry with the Prometheus one
 * behind it, without the JVM's binders, the sources read at scrape time or the exporters.
 *
 * @param stats  what the instrumented services count into
 * @param scrape the Prometheus text, as {@code GET /metrics} would answer
 */
public record BenchStats(Stats stats, Supplier<String> scrape) {

    public static BenchStats create() {
        CompositeMeterRegistry registry = new CompositeMeterRegistry();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.add(prometheus);
        return new BenchStats(new MicrometerStats(registry, "bench", Clock.systemUTC(), () -> { }), prometheus::scrape);
    }
}
