package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RedisServer;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TempFolder;

/**
 * Issue 15, item 2: a webhook delivery that runs out of the topic's maxDeliveries is dead-lettered
 * "with the last status and error": the dead letter itself (listed and read over HTTP) carries the
 * last attempt's HTTP status and error, on each driver (memory, file, redis).
 */
class WebhookDeadLetterStatusTest {

    private static RedisServer redis;
    /** The runtime's home and log. */
    private static TempFolder work;
    private static RuntimeProcess runtime;
    private static CallbackServer callbacks;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.start();
        callbacks = new CallbackServer();
        work = TempFolder.create("switchboard-itest");
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.switchboard.bus.redis.cfg"), "url = " + redis.url() + "\n");
        Files.writeString(home.resolve("etc/io.switchboard.bus.hooks.cfg"), "retryBaseMillis = 100\nretryMaxMillis = 200\ncallbackTimeoutMillis = 1000\n");
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
            callbacks.close();
            redis.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file", "redis"})
    void theDeadLetterOfAWebhookTellsItsLastStatusAndError(String driver) {
        BusApi admin = BusApi.login(port, "admin", "itest-secret");
        String topic = "dead-" + driver + "-" + Long.toHexString(System.nanoTime());
        admin.topic(topic, "{\"driver\": \"" + driver + "\", \"maxDeliveries\": 3}");
        String path = "/" + topic;
        AtomicInteger attempts = new AtomicInteger();
        callbacks.script(path, request -> CallbackServer.Answer.of(attempts.incrementAndGet() < 3 ? 503 : 429)); // the last attempt differs
        BusApi.Answer made = admin.post("/api/bus/topics/" + topic + "/subscriptions",
                "{\"group\": \"hooks\", \"callback\": \"" + callbacks.url(path) + "\", \"secret\": \"a-webhook-secret-of-some-length\"}");
        assertEquals(201, made.status(), made.toString());
        String messageId = admin.publish(topic, "{\"n\": 1}", Map.of());

        JsonNode dead = Await.until("the dead letter", Duration.ofSeconds(20), () -> {
            JsonNode messages = admin.get("/api/bus/topics/" + topic + "/dead-letters").body().path("messages");
            return messages.size() == 1 ? messages.get(0) : null;
        });
        assertEquals(messageId, dead.path("id").asText());
        assertEquals("max-deliveries", dead.path("reason").asText());
        assertEquals(3, dead.path("deliveries").asInt());
        assertEquals(429, dead.path("lastStatus").asInt(), dead.toString());
        assertEquals("the callback answered 429", dead.path("lastError").asText(), dead.toString());

        JsonNode one = admin.get("/api/bus/topics/" + topic + "/dead-letters/" + messageId).body();
        assertEquals(429, one.path("lastStatus").asInt(), one.toString());
        assertEquals("the callback answered 429", one.path("lastError").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file", "redis"})
    void aCallbackThatCannotBeReachedLeavesAnErrorWithoutAStatus(String driver) throws IOException {
        BusApi admin = BusApi.login(port, "admin", "itest-secret");
        String topic = "unreached-" + driver + "-" + Long.toHexString(System.nanoTime());
        admin.topic(topic, "{\"driver\": \"" + driver + "\", \"maxDeliveries\": 2}");
        String nobody = "http://127.0.0.1:" + FreePort.pick() + "/nobody"; // nothing listens there
        assertEquals(201, admin.post("/api/bus/topics/" + topic + "/subscriptions",
                "{\"callback\": \"" + nobody + "\", \"secret\": \"a-webhook-secret-of-some-length\"}").status());
        admin.publish(topic, "{\"n\": 2}", Map.of());

        JsonNode dead = Await.until("the dead letter", Duration.ofSeconds(20), () -> {
            JsonNode messages = admin.get("/api/bus/topics/" + topic + "/dead-letters").body().path("messages");
            return messages.size() == 1 ? messages.get(0) : null;
        });
        assertFalse(dead.has("lastStatus"), "no answer, no status: " + dead);
        assertEquals("the callback could not be reached (connection refused or unreachable)", dead.path("lastError").asText(), dead.toString());
    }
}
