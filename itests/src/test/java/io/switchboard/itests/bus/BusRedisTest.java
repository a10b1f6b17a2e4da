package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RedisServer;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TempFolder;

/**
 * The redis driver in a real runtime, on a redis-server that itests/scripts/redis.sh starts: topics on
 * it work over HTTP, and a server that goes away fails only its topics, with a code, and only its
 * health check; the runtime uses it again once it is back.
 */
class BusRedisTest {

    private static RedisServer redis;
    /** The runtimes' homes and logs. */
    private static TempFolder work;
    private static RuntimeProcess runtime;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.start();
        work = TempFolder.create("switchboard-itest");
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.switchboard.bus.redis.cfg"), "url = " + redis.url() + "\ntimeoutMillis = 500\n");
        port = FreePort.pick();
        runtime = RuntimeProcess.start(home, port, RuntimeProcess.testEnv("core,edge,security,bus")).awaitReady();
    }

    @AfterAll
    static void stop() {
        try {
            if (runtime != null) {
                assertEquals(0, runtime.stop(), runtime.log());
                assertFalse(RuntimeProcess.STACK_FRAME.matcher(runtime.log()).find(), "a stack trace in the log:\n" + runtime.log());
            }
        } finally {
            if (runtime != null) {
                runtime.close();
            }
            if (work != null) {
                work.close();
            }
            if (redis != null) {
                redis.close();
            }
        }
    }

    private static BusApi admin() {
        return BusApi.login(port, "admin", "itest-secret");
    }

    @Test
    void aTopicOnRedisPublishesLeasesAndAcksInPriorityOrder() {
        BusApi admin = admin();
        String name = "redis-prio-" + Long.toHexString(System.nanoTime());
        JsonNode created = admin.topic(name, "{\"driver\": \"redis\", \"discipline\": \"priority\"}");
        assertEquals("redis", created.path("settings").path("driver").asText());
        for (int priority : new int[] {1, 9, 5}) {
            admin.publish(name, "{\"p\": " + priority + "}", Map.of("Bus-Priority", Integer.toString(priority)));
        }
        JsonNode leased = admin.lease(name, "max=10");
        assertEquals(3, leased.size());
        assertEquals(9, leased.get(0).path("payload").path("p").asInt());
        assertEquals(5, leased.get(1).path("payload").path("p").asInt());
        for (JsonNode message : leased) {
            assertEquals(200, admin.ack(message.path("id").asText(), null).status());
        }
        assertEquals(0, admin.get("/api/bus/topics/" + name).body().path("depth").asLong());
        assertEquals("bus.already-acked", admin.ack(leased.get(0).path("id").asText(), null).code());
    }

    @Test
    void twoRuntimesOnOneRedisShareATopicAndEachMessageGoesToOneConsumerOfAGroup() throws IOException {
        Path home = work.resolve("other");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.switchboard.bus.redis.cfg"), "url = " + redis.url() + "\n");
        int otherPort = FreePort.pick();
        RuntimeProcess other = RuntimeProcess.start(home, otherPort, RuntimeProcess.testEnv("core,edge,security,bus")).awaitReady();
        try {
            BusApi a = admin();
            BusApi b = BusApi.login(otherPort, "admin", "itest-secret");
            String name = "redis-shared-" + Long.toHexString(System.nanoTime());
            a.topic(name, "{\"driver\": \"redis\"}");
            b.topic(name, "{\"driver\": \"redis\"}");
            assertEquals(0, b.lease(name, "group=audit").size(), "the audit group exists before the messages");
            for (int i = 0; i < 20; i++) {
                (i % 2 == 0 ? a : b).publish(name, "{\"i\": " + i + "}", Map.of());
            }
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int round = 0; round < 10; round++) {
                for (BusApi runtime : new BusApi[] {a, b}) {
                    for (JsonNode message : runtime.lease(name, "group=workers&max=3")) {
                        assertTrue(seen.add(message.path("payload").path("i").asInt()), "delivered twice in one group: " + message);
                        assertEquals(200, runtime.ack(message.path("id").asText(), "workers").status());
                    }
                }
            }
            assertEquals(20, seen.size(), "every message, once, through either runtime");
            assertEquals(20, b.lease(name, "group=audit&max=100").size(), "another group gets them all");
        } finally {
            assertEquals(0, other.stop(), other.log());
        }
    }

    @Test
    void aRedisThatGoesAwayFailsOnlyItsTopicsAndItsHealthUntilItIsBack() {
        BusApi admin = admin();
        String onRedis = "redis-away-" + Long.toHexString(System.nanoTime());
        String onFile = "file-stays-" + Long.toHexString(System.nanoTime());
        admin.topic(onRedis, "{\"driver\": \"redis\"}");
        admin.topic(onFile, "{\"driver\": \"file\"}");
        admin.publish(onRedis, "{\"n\": 1}", Map.of());
        redis.stop();
        try {
            BusApi.Answer refused = admin.post("/api/bus/topics/" + onRedis + "/messages", "{\"n\": 2}");
            assertEquals(503, refused.status(), refused.toString());
            assertEquals("bus.driver-unavailable", refused.code());
            assertTrue(refused.body().path("error").path("message").asText().contains("redis"), refused.toString());
            assertFalse(refused.raw().contains("Jedis") || refused.raw().contains("Exception"), "no Java names: " + refused);
            admin.publish(onFile, "{\"n\": 1}", Map.of());
            assertEquals(1, admin.lease(onFile, "max=5").size(), "the file driver's topics keep working");
            HttpResponse<String> health = Await.until("/health DOWN for the bus's Redis", Duration.ofSeconds(15), () -> {
                HttpResponse<String> answer = runtime.http().get("/health");
                return answer.statusCode() == 503 ? answer : null;
            });
            JsonNode notReady = Http.json(health).path("notReady");
            assertEquals(1, notReady.size(), "only the Redis driver is down: " + health.body());
            assertEquals("bus.redis", notReady.get(0).path("name").asText(), health.body());
        } finally {
            redis.resume();
        }
        Await.until("/health UP again", Duration.ofSeconds(15), () -> runtime.http().get("/health").statusCode() == 200);
        admin.publish(onRedis, "{\"n\": 3}", Map.of());
        JsonNode leased = admin.lease(onRedis, "max=5");
        assertEquals(1, leased.size(), "a server without persistence came back empty; the topic works again");
        assertEquals(3, leased.get(0).path("payload").path("n").asInt());
    }
}
