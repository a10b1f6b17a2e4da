package io.switchboard.bus.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.switchboard.bus.Discipline;
import io.switchboard.bus.Overflow;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.DriverConformance;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/** The conformance suite on a real redis-server (installed and started by the tests' script on a free port), and the server going away. */
class RedisDriverConformanceTest extends DriverConformance {

    private static RedisServer server;
    private RedisDriver redis;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static RedisDriver.Config config(String url) {
        return (RedisDriver.Config) Proxy.newProxyInstance(RedisDriverConformanceTest.class.getClassLoader(), new Class<?>[] {RedisDriver.Config.class},
                (proxy, method, args) -> method.getName().equals("url") ? url : method.getDefaultValue());
    }

    @Override
    protected BusDriver newDriver() {
        redis = new RedisDriver(config(server.url));
        return redis;
    }

    @Override
    protected void stopDriver() {
        redis.close();
    }

    private static void until(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 10 s");
            }
            try {
                Thread.sleep(50); // the driver's own ping notices the server; nothing to wait on from here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Calls of one command the server answered so far (INFO commandstats). */
    private static long calls(String command) {
        try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis(java.net.URI.create(server.url))) {
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_" + command + ":calls=")) {
                    return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
                }
            }
            return 0;
        }
    }

    @Test
    void aBatchIsOneScriptCallAndALeaseReadsItsRecordsInOneCommand() {
        TopicQueue queue = open(new TopicSettings(Discipline.FIFO, "redis", 100, Overflow.REJECT, 0, 30_000, 3, null, 0));
        List<TopicQueue.Append> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new TopicQueue.Append(new StoredMessage(0, String.valueOf(i).getBytes(StandardCharsets.UTF_8), 4, null, 1, 1, false, Map.of()), null));
        }
        long scripts = calls("evalsha");
        long gets = calls("hmget"); // (a script's own HGETs count as hget too: not comparable)
        List<TopicQueue.BatchOutcome> stored = queue.append(batch, 1);
        assertEquals(scripts + 1, calls("evalsha"), "one script call for 20 messages");
        List<TopicQueue.Lease> leased = queue.lease("g", "c", 20, 2, 30_000).messages();
        assertEquals(20, leased.size());
        assertEquals("19", new String(leased.get(19).message().payload(), StandardCharsets.UTF_8));
        assertEquals(gets + 1, calls("hmget"), "the 20 records in one command");
        long before = calls("evalsha");
        assertEquals(java.util.Collections.nCopies(20, TopicQueue.Settled.DONE),
                queue.ack("g", stored.stream().map(outcome -> outcome.appended().sequence()).toList(), "c", 3));
        assertEquals(before + 1, calls("evalsha"), "one script call for 20 acks");
    }

    @Test
    void aServerThatGoesAwayFailsItsOperationsAndHealthThenComesBack() {
        TopicSettings settings = new TopicSettings(Discipline.FIFO, "redis", 100, Overflow.REJECT, 0, 30_000, 3, null, 0);
        TopicQueue queue = open(settings);
        StoredMessage message = new StoredMessage(0, "1".getBytes(StandardCharsets.UTF_8), 4, null, 1, 1, false, Map.of());
        queue.append(message, null, 1);
        assertTrue(redis.check().ready());
        server.stop();
        try {
            assertThrows(RuntimeException.class, () -> queue.append(message, null, 2), "a clear failure, not a hang");
            until(() -> !redis.check().ready());
            assertFalse(redis.check().ready());
            assertTrue(redis.check().detail().contains("Redis"), redis.check().detail());
        } finally {
            server.resume();
        }
        until(() -> redis.check().ready());
        assertEquals(1, queue.append(message, null, 3).sequence(), "a server without persistence starts empty; the topic works again");
    }
}
