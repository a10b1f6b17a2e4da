package io.switchboard.stats.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.statsd.StatsdFlavor;

class StatsdPushTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void countersReachTheStatsdServer() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            StatsdPush push = new StatsdPush(registry, scheduler, "127.0.0.1", server.getLocalPort(), Duration.ofSeconds(1), StatsdFlavor.ETSY, () -> { });
            Counter counter = Counter.builder("switchboard.test.pushed").register(registry);
            push.start();
            String received = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            server.setSoTimeout(500);
            while (!received.contains("switchboard.test.pushed") && System.nanoTime() < deadline) {
                counter.increment();
                byte[] buffer = new byte[65_536];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    server.receive(packet);
                    received = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                } catch (SocketTimeoutException notYet) {
                    // push again
                }
            }
            push.close();
            assertTrue(received.contains("switchboard.test.pushed"), "received: " + received);
        }
    }
}
