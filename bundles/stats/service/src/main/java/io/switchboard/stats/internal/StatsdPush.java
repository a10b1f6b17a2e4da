package io.switchboard.stats.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
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
 * Pushes every metric to a StatsD server over UDP, every {@code intervalSeconds}: Micrometer's
 * StatsD registry writes the lines, and this sends them, one datagram per line, from a socket of its
 * own. The host is resolved here, on the stats thread, not on Micrometer's: a host that does not
 * resolve is logged once as an error and tried again every interval, its lines are dropped
 * meanwhile, and nothing else waits for it or is disturbed by it (the rest of the stats,
 * {@code /metrics}, the runtime). The registry joins the composite when the stats service starts,
 * before any meter, so every meter reaches it.
 */
final class StatsdPush {

    private static final Logger LOG = LoggerFactory.getLogger(StatsdPush.class);

    private final ScheduledExecutorService scheduler;
    private final String host;
    private final int port;
    private final Duration interval;
    private final StatsdMeterRegistry statsd;
    private final DatagramSocket socket;
    private volatile InetSocketAddress target;
    private volatile boolean closed;
    private boolean reported;
    private boolean sendFailed;

    StatsdPush(CompositeMeterRegistry registry, ScheduledExecutorService scheduler, String host, int port, Duration interval, StatsdFlavor flavor,
            Runnable beforeRead) throws SocketException {
        this.scheduler = scheduler;
        this.host = host;
        this.port = port;
        this.interval = interval;
        this.socket = new DatagramSocket();
        this.statsd = StatsdMeterRegistry.builder(config(interval, flavor)).clock(Clock.SYSTEM).lineSink(this::send).build();
        // The names as the API has them (switchboard.queue.depth), not Micrometer's camelCase for etsy.
        statsd.config().namingConvention(NamingConvention.dot);
        registry.add(statsd);
        scheduler.scheduleAtFixedRate(beforeRead, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void start() {
        scheduler.execute(this::resolve);
    }

    private void resolve() {
        if (closed) {
            return;
        }
        try {
            target = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException | SecurityException e) {
            if (!reported) {
                reported = true;
                LOG.error("stats: the StatsD host {} does not resolve; nothing is pushed to StatsD until it does (tried again every {} s, "
                        + "not logged again); the rest of the stats and /metrics are not affected", LogText.quoted(host), interval.toSeconds());
            }
            scheduler.schedule(this::resolve, interval.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (reported) {
            LOG.info("stats: the StatsD host {} resolves now", LogText.quoted(host));
        }
        LOG.info("stats: pushing to StatsD at {}:{} every {} s", target.getAddress().getHostAddress(), port, interval.toSeconds());
    }

    /** One line from Micrometer, on its thread; dropped while the host does not resolve. */
    private void send(String line) {
        InetSocketAddress current = target;
        if (current == null || closed) {
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, current));
        } catch (IOException e) {
            if (!sendFailed) { // UDP to a server that is not there: say it once, keep trying
                sendFailed = true;
                LOG.warn("stats: a StatsD datagram to {}:{} could not be sent ({}); later failures are not logged", current.getAddress().getHostAddress(), port,
                        e.toString());
            }
        }
    }

    private static StatsdConfig config(Duration interval, StatsdFlavor flavor) {
        return new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
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

            @Override
            public boolean buffered() {
                return false;
            }
        };
    }

    void close() {
        closed = true;
        statsd.close();
        socket.close();
    }
}
