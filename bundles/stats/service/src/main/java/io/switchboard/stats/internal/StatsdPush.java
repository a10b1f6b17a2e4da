package io.switchboard.stats.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.micrometer.statsd.StatsdProtocol;
import io.switchboard.system.log.LogText;

/**
 * Pushes every metric to a StatsD server over UDP, every {@code intervalSeconds}. The host is
 * resolved here, on the stats thread, and handed to Micrometer as an address: a host that does not
 * resolve is logged once as an error and tried again every interval, and nothing else waits for it
 * or is disturbed by it (the rest of the stats, {@code /metrics}, the runtime).
 */
final class StatsdPush {

    private static final Logger LOG = LoggerFactory.getLogger(StatsdPush.class);

    private final CompositeMeterRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final String host;
    private final int port;
    private final Duration interval;
    private final StatsdFlavor flavor;
    private final Runnable beforeRead;
    private volatile StatsdMeterRegistry statsd;
    private volatile boolean closed;
    private boolean reported;

    StatsdPush(CompositeMeterRegistry registry, ScheduledExecutorService scheduler, String host, int port, Duration interval, StatsdFlavor flavor,
            Runnable beforeRead) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.host = host;
        this.port = port;
        this.interval = interval;
        this.flavor = flavor;
        this.beforeRead = beforeRead;
    }

    void start() {
        scheduler.execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            if (!reported) {
                reported = true;
                LOG.error("stats: the StatsD host {} does not resolve; nothing is pushed to StatsD until it does (tried again every {} s, "
                        + "not logged again); the rest of the stats and /metrics are not affected", LogText.quoted(host), interval.toSeconds());
            }
            scheduler.schedule(this::connect, interval.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (reported) {
            LOG.info("stats: the StatsD host {} resolves now; pushing to it", LogText.quoted(host));
        }
        StatsdMeterRegistry created = StatsdMeterRegistry.builder(config(address.getHostAddress())).clock(Clock.SYSTEM).build();
        // The names as the API has them (switchboard.queue.depth), not Micrometer's camelCase for etsy.
        created.config().namingConvention(NamingConvention.dot);
        statsd = created;
        registry.add(created);
        scheduler.scheduleAtFixedRate(beforeRead, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("stats: pushing to StatsD at {}:{} every {} s", address.getHostAddress(), port, interval.toSeconds());
    }

    private StatsdConfig config(String address) {
        return new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String host() {
                return address;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public Duration step() {
                return interval;
            }

            @Override
            public Duration pollingFrequency() {
                return interval;
            }

            @Override
            public StatsdFlavor flavor() {
                return flavor;
            }

            @Override
            public StatsdProtocol protocol() {
                return StatsdProtocol.UDP;
            }
        };
    }

    void close() {
        closed = true;
        StatsdMeterRegistry current = statsd;
        if (current != null) {
            registry.remove(current);
            current.close();
        }
    }
}
