package io.switchboard.stats.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The stats service's settings, PID {@code io.switchboard.stats} ({@code etc/io.switchboard.stats.cfg}); docs/metrics.md. */
@ObjectClassDefinition(name = "Switchboard stats", description = "metrics: GET /metrics, StatsD push, the console's Stats page")
public @interface StatsSettings {

    @AttributeDefinition(description = "false: no stats service, no /metrics, no StatsD push; the runtime's bundles count nothing")
    boolean enabled() default true;

    @AttributeDefinition(description = "a secret (16 characters or more) that a Prometheus server sends as 'Authorization: Bearer <token>' to read /metrics without a login; empty: administrators only")
    String scrapeToken() default "";

    @AttributeDefinition(description = "the StatsD server's host name or address; empty: no StatsD push")
    String statsdHost() default "";

    @AttributeDefinition(description = "the StatsD server's UDP port")
    int statsdPort() default 8125;

    @AttributeDefinition(description = "how often metrics are pushed to StatsD, in seconds (1 to 3600)")
    int statsdIntervalSeconds() default 10;

    @AttributeDefinition(description = "the StatsD line format: etsy, datadog, telegraf or sysdig")
    String statsdFlavor() default "etsy";

    @AttributeDefinition(description = "the most label combinations (series) one metric name may have; beyond, new ones are not counted")
    int seriesPerMetricLimit() default 1000;
}
