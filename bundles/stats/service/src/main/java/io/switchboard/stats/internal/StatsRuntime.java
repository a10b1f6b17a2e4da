package io.switchboard.stats.internal;

import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.statsd.StatsdFlavor;
import io.switchboard.stats.Stats;
import io.switchboard.system.http.HttpAuthorizer;
import io.switchboard.system.log.LogText;
import jakarta.servlet.Servlet;

/**
 * The stats bundle at work: one registry (Micrometer's composite of the Prometheus registry and,
 * when configured, the StatsD one), the JVM's metrics, the series read from the runtime's services
 * at read time, and, when {@code enabled}, the {@link Stats} service and {@code GET /metrics}.
 * A change of settings restarts it (counters start again from zero).
 */
@Component(immediate = true, configurationPid = "io.switchboard.stats", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StatsSettings.class)
public final class StatsRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(StatsRuntime.class);
    static final int SCRAPE_TOKEN_MIN_CHARS = 16;
    private static final Source GC = new GcSource();

    /** The runtime's services that report numbers; each comes and goes with its service. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Source> sources;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HttpAuthorizer authorizer;

    private CompositeMeterRegistry registry;
    private PrometheusMeterRegistry prometheus;
    private Readings readings;
    private ScheduledExecutorService scheduler;
    private StatsdPush statsd;
    private ServiceRegistration<Stats> statsRegistration;
    private ServiceRegistration<Servlet> servletRegistration;

    @Activate
    void activate(BundleContext context, StatsSettings settings) {
        if (!settings.enabled()) {
            LOG.info("stats: off (enabled = false): no stats service, no /metrics, no StatsD push");
            return;
        }
        String node = context.getProperty("switchboard.node.name");
        String instance = node == null || node.isBlank() ? "local" : node;
        registry = new CompositeMeterRegistry();
        SeriesLimit limit = new SeriesLimit(within(settings.seriesPerMetricLimit(), 1, 1_000_000, 1000, "seriesPerMetricLimit"));
        registry.config().meterFilter(limit).onMeterRemoved(limit::removed);
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.add(prometheus);
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-stats");
            thread.setDaemon(true);
            return thread;
        });
        readings = new Readings(registry);
        startStatsd(settings); // before any meter: a registry added later would miss what was recorded before
        bindJvm();
        Runnable refresh = this::refresh;
        refresh.run();
        ScrapeAccess access = new ScrapeAccess(scrapeToken(settings.scrapeToken()), () -> authorizer);
        statsRegistration = context.registerService(Stats.class, new MicrometerStats(registry, instance, Clock.systemUTC(), refresh), null);
        Dictionary<String, Object> servlet = new Hashtable<>();
        servlet.put("osgi.http.whiteboard.servlet.pattern", "/metrics");
        servlet.put("osgi.http.whiteboard.servlet.name", "switchboard-metrics");
        servletRegistration = context.registerService(Servlet.class, new MetricsServlet(access, prometheus, refresh), servlet);
    }

    @Deactivate
    void deactivate() {
        unregister(servletRegistration);
        unregister(statsRegistration);
        if (statsd != null) {
            statsd.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (registry != null) {
            registry.close();
            prometheus.close();
        }
    }

    /** Brings the series read from the runtime's services up to date. */
    private void refresh() {
        Readings current = readings;
        synchronized (current) {
            current.begin();
            GC.read(current);
            for (Source source : sources) {
                try {
                    source.read(current);
                } catch (RuntimeException e) {
                    // One service failing to report (stopping as it is read) must not end the rest.
                    LOG.debug("stats: a source failed to report", e);
                }
            }
            current.end();
        }
    }

    private void bindJvm() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void startStatsd(StatsSettings settings) {
        String host = settings.statsdHost() == null ? "" : settings.statsdHost().trim();
        if (host.isEmpty()) {
            return;
        }
        int port = within(settings.statsdPort(), 1, 65_535, 8125, "statsdPort");
        int interval = within(settings.statsdIntervalSeconds(), 1, 3600, 10, "statsdIntervalSeconds");
        StatsdFlavor flavor;
        try {
            flavor = StatsdFlavor.valueOf(settings.statsdFlavor().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.error("stats: statsdFlavor {} is none of etsy, datadog, telegraf, sysdig; using etsy", LogText.quoted(settings.statsdFlavor()));
            flavor = StatsdFlavor.ETSY;
        }
        try {
            statsd = new StatsdPush(registry, scheduler, host, port, Duration.ofSeconds(interval), flavor, this::refresh);
        } catch (SocketException e) {
            LOG.error("stats: no UDP socket for the StatsD push ({}); nothing is pushed", e.toString());
            return;
        }
        statsd.start();
    }

    private static String scrapeToken(String token) {
        String trimmed = token == null ? "" : token.trim();
        if (!trimmed.isEmpty() && trimmed.length() < SCRAPE_TOKEN_MIN_CHARS) {
            LOG.error("stats: scrapeToken is shorter than {} characters, so it is not used: /metrics is for administrators only", SCRAPE_TOKEN_MIN_CHARS);
            return null;
        }
        return trimmed;
    }

    private static int within(int value, int min, int max, int fallback, String setting) {
        if (value < min || value > max) {
            LOG.error("stats: {} = {} is outside {} to {}; using {}", setting, value, min, max, fallback);
            return fallback;
        }
        return value;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when the bundle stopped
            }
        }
    }
}
