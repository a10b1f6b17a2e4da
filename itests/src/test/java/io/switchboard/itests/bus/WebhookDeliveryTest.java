package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/**
 * Webhook subscriptions through a real runtime, with a callback server on loopback that fails,
 * times out and then succeeds: signed POSTs, retries with back-off, dead letters after the topic's
 * maxDeliveries with the last status and error, no head-of-line blocking between callbacks, filters,
 * and each kind of bad input refused with its code.
 */
class WebhookDeliveryTest {

    private static final String SECRET = "a-webhook-secret-of-some-length";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus")
            .withEtc("io.switchboard.bus.hooks.cfg", "retryBaseMillis = 200\nretryMaxMillis = 800\ncallbackTimeoutMillis = 1000\nmaxInFlightPerCallback = 2\n");

    private static CallbackServer callbacks;

    @BeforeAll
    static void startCallbacks() throws Exception {
        callbacks = new CallbackServer();
    }

    @AfterAll
    static void stopCallbacks() {
        callbacks.close();
    }

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static JsonNode webhook(BusApi api, String topic, String group, String path, String filter) {
        String body = "{\"group\": \"" + group + "\", \"callback\": \"" + callbacks.url(path) + "\", \"secret\": \"" + SECRET + "\""
                + (filter == null ? "" : ", \"filter\": " + filter) + "}";
        BusApi.Answer answer = api.post("/api/bus/topics/" + topic + "/subscriptions", body);
        assertEquals(201, answer.status(), answer.toString());
        return answer.body();
    }

    @Test
    void aDeliveryThatFailsThenTimesOutIsRetriedWithBackoffUntilItSucceeds() {
        BusApi admin = admin();
        String topic = unique("flaky");
        admin.topic(topic, "{\"driver\": \"memory\", \"maxDeliveries\": 5}");
        String path = "/" + topic;
        AtomicInteger attempts = new AtomicInteger();
        callbacks.script(path, request -> switch (attempts.incrementAndGet()) {
            case 1 -> CallbackServer.Answer.of(500);
            case 2 -> {
                sleep(2500); // past callbackTimeoutMillis
                yield CallbackServer.Answer.of(200);
            }
            default -> CallbackServer.Answer.of(204);
        });
        String id = webhook(admin, topic, "hooks", path, null).path("id").asText();
        String messageId = admin.publish(topic, "{\"order\": 7}", Map.of());
        List<CallbackServer.Received> received = Await.until("three attempts", Duration.ofSeconds(20), () -> {
            List<CallbackServer.Received> at = callbacks.at(path);
            return at.size() >= 3 ? at : null;
        });
        JsonNode subscription = Await.until("the delivery is counted", Duration.ofSeconds(10), () -> {
            JsonNode read = admin.get("/api/bus/topics/" + topic + "/subscriptions/" + id).body();
            return read.path("delivered").asLong() == 1 ? read : null;
        });
        assertEquals(2, subscription.path("failed").asLong());
        assertEquals(204, subscription.path("lastStatus").asInt());
        for (int i = 0; i < 3; i++) {
            CallbackServer.Received attempt = received.get(i);
            assertEquals("POST", attempt.method());
            assertEquals("{\"order\":7}", attempt.text());
            assertEquals(messageId, attempt.header("Bus-Message-Id"));
            assertEquals(Integer.toString(i + 1), attempt.header("Bus-Delivery"));
            assertEquals(CallbackServer.sign(SECRET, attempt.body()), attempt.header("Bus-Signature"), "signed with the subscription's secret");
        }
        long firstGap = TimeUnit.NANOSECONDS.toMillis(received.get(1).atNanos() - received.get(0).atNanos());
        long secondGap = TimeUnit.NANOSECONDS.toMillis(received.get(2).atNanos() - received.get(1).atNanos());
        assertTrue(firstGap >= 100, "the first retry waits at least half of retryBaseMillis: " + firstGap);
        assertTrue(secondGap >= 1000 + 200, "the second waits for the timeout, then at least half of twice retryBaseMillis: " + secondGap);
        assertEquals(3, callbacks.at(path).size(), "delivered once taken: nothing more");
        assertEquals(0, admin.get("/api/bus/topics/" + topic + "/dead-letters").body().path("messages").size());
    }

    @Test
    void aCallbackThatAlwaysFailsIsDeadLetteredAfterMaxDeliveriesWithItsLastStatus() {
        BusApi admin = admin();
        String topic = unique("broken");
        admin.topic(topic, "{\"driver\": \"memory\", \"maxDeliveries\": 3}");
        String path = "/" + topic;
        callbacks.script(path, request -> CallbackServer.Answer.of(503));
        String id = webhook(admin, topic, "hooks", path, null).path("id").asText();
        String messageId = admin.publish(topic, "{\"n\": 1}", Map.of());
        JsonNode dead = Await.until("the dead letter", Duration.ofSeconds(20), () -> {
            JsonNode messages = admin.get("/api/bus/topics/" + topic + "/dead-letters").body().path("messages");
            return messages.size() == 1 ? messages.get(0) : null;
        });
        assertEquals(messageId, dead.path("id").asText());
        assertEquals("hooks", dead.path("group").asText());
        assertEquals(3, dead.path("deliveries").asInt());
        assertEquals("max-deliveries", dead.path("reason").asText());
        assertEquals(3, callbacks.at(path).size(), "exactly maxDeliveries attempts");
        JsonNode subscription = admin.get("/api/bus/topics/" + topic + "/subscriptions/" + id).body();
        assertEquals(503, subscription.path("lastStatus").asInt());
        assertEquals("the callback answered 503", subscription.path("lastError").asText());
        assertEquals(3, subscription.path("failed").asLong());
        assertEquals(1, subscription.path("deadLettered").asLong());
        JsonNode gaveUp = subscription.path("recentDeadLetters").get(0);
        assertEquals(messageId, gaveUp.path("id").asText(), "the dead letter's last status and error, by its id");
        assertEquals(503, gaveUp.path("lastStatus").asInt());
        assertEquals("the callback answered 503", gaveUp.path("lastError").asText());
    }

    @Test
    void aRedirectToAnInternalAddressIsNotFollowed() {
        BusApi admin = admin();
        String topic = unique("redirected");
        admin.topic(topic, "{\"driver\": \"memory\", \"maxDeliveries\": 2}");
        String path = "/" + topic;
        String target = "/target-" + topic;
        callbacks.script(path, request -> new CallbackServer.Answer(307, "", Map.of("Location", callbacks.url(target))));
        String id = webhook(admin, topic, "hooks", path, null).path("id").asText();
        admin.publish(topic, "{\"n\": 1}", Map.of());
        JsonNode subscription = Await.until("both attempts refused", Duration.ofSeconds(20), () -> {
            JsonNode read = admin.get("/api/bus/topics/" + topic + "/subscriptions/" + id).body();
            return read.path("deadLettered").asLong() == 1 ? read : null;
        });
        assertEquals(307, subscription.path("lastStatus").asInt());
        assertTrue(subscription.path("lastError").asText().contains("internal address"), subscription.toString());
        assertEquals(2, callbacks.at(path).size());
        assertTrue(callbacks.at(target).isEmpty(), "the redirect was never followed");
    }

    @Test
    void aSlowCallbackHoldsUpNeitherOtherCallbacksNorOtherTopics() throws Exception {
        BusApi admin = admin();
        String topic = unique("fanout");
        String other = unique("other");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        admin.topic(other, "{\"driver\": \"memory\"}");
        CountDownLatch release = new CountDownLatch(1);
        callbacks.script("/slow-" + topic, request -> {
            await(release);
            return CallbackServer.Answer.of(200);
        });
        webhook(admin, topic, "slow", "/slow-" + topic, null);
        webhook(admin, topic, "fast", "/fast-" + topic, null);
        webhook(admin, other, "fast", "/fast-" + other, null);
        for (int i = 0; i < 10; i++) {
            admin.publish(topic, "{\"i\": " + i + "}", Map.of());
            admin.publish(other, "{\"i\": " + i + "}", Map.of());
        }
        Await.until("the fast callback of the same topic gets all ten", Duration.ofSeconds(10), () -> callbacks.at("/fast-" + topic).size() == 10);
        Await.until("the other topic's callback gets all ten", Duration.ofSeconds(10), () -> callbacks.at("/fast-" + other).size() == 10);
        assertEquals(2, callbacks.at("/slow-" + topic).size(), "the slow callback holds maxInFlightPerCallback (2) deliveries, no more");
        release.countDown();
        Await.until("the slow callback gets all ten once it answers", Duration.ofSeconds(30), () -> callbacks.at("/slow-" + topic).size() == 10);
    }

    @Test
    void aFilterSendsOnlyMatchingMessagesAndAcksTheOthers() {
        BusApi admin = admin();
        String topic = unique("filtered");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String path = "/" + topic;
        String id = webhook(admin, topic, "big", path, "{\"jsonPath\": \"$[?(@.total > 100)]\"}").path("id").asText();
        admin.publish(topic, "{\"total\": 5}", Map.of());
        admin.publish(topic, "{\"total\": 500}", Map.of());
        admin.publish(topic, "{\"total\": 50}", Map.of());
        JsonNode subscription = Await.until("all three handled", Duration.ofSeconds(10), () -> {
            JsonNode read = admin.get("/api/bus/topics/" + topic + "/subscriptions/" + id).body();
            return read.path("delivered").asLong() + read.path("skipped").asLong() == 3 ? read : null;
        });
        assertEquals(1, subscription.path("delivered").asLong());
        assertEquals(1, callbacks.at(path).size());
        assertEquals("{\"total\":500}", callbacks.at(path).get(0).text());
        assertEquals(0, admin.lease(topic, "group=big").size(), "the group has nothing left: the others were acked");
    }

    @Test
    void subscriptionsAreListedReadAndDeletedWithoutTheirSecret() {
        BusApi admin = admin();
        String topic = unique("listed");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        JsonNode made = webhook(admin, topic, "g1", "/" + topic, "{\"jsonPath\": \"$.a\", \"regex\": \"^x\"}");
        assertTrue(made.path("signed").asBoolean());
        assertFalse(made.has("secret"), "a secret is never shown back");
        JsonNode list = admin.get("/api/bus/topics/" + topic + "/subscriptions").body().path("subscriptions");
        assertEquals(1, list.size());
        assertEquals("webhook", list.get(0).path("kind").asText());
        assertEquals("$.a", list.get(0).path("filter").path("jsonPath").asText());
        String id = made.path("id").asText();
        assertEquals(200, admin.delete("/api/bus/topics/" + topic + "/subscriptions/" + id).status());
        assertEquals("bus.unknown-subscription", admin.get("/api/bus/topics/" + topic + "/subscriptions/" + id).code());
        assertEquals("bus.unknown-subscription", admin.delete("/api/bus/topics/" + topic + "/subscriptions/" + id).code());
    }

    @Test
    void badWebhooksAreRefusedWithTheirCodeAndNothingIsStored() {
        BusApi admin = admin();
        String topic = unique("bad");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String base = "/api/bus/topics/" + topic + "/subscriptions";
        String ok = callbacks.url("/x");
        assertCode(admin.post(base, "{\"callback\": \"not a url\", \"secret\": \"" + SECRET + "\"}"), 400, "bus.invalid-callback");
        assertCode(admin.post(base, "{\"callback\": \"ftp://127.0.0.1/x\", \"secret\": \"" + SECRET + "\"}"), 400, "bus.invalid-callback");
        assertCode(admin.post(base, "{\"callback\": \"http://u:p@127.0.0.1/x\", \"secret\": \"" + SECRET + "\"}"), 400, "bus.invalid-callback");
        assertCode(admin.post(base, "{\"secret\": \"" + SECRET + "\"}"), 400, "bus.invalid-callback");
        assertCode(admin.post(base, "{\"callback\": \"" + ok + "\", \"secret\": \"short\"}"), 400, "bus.invalid-parameter");
        assertCode(admin.post(base, "{\"callback\": \"" + ok + "\", \"secret\": \"" + SECRET + "\", \"extra\": 1}"), 400, "bus.invalid-parameter");
        assertCode(admin.post(base, "{\"callback\": \"" + ok + "\", \"secret\": \"" + SECRET + "\", \"filter\": {\"jsonPath\": \"$[?(@.a ==\"}}"), 400,
                "bus.invalid-json-path");
        assertCode(admin.post(base, "{\"callback\": \"" + ok + "\", \"secret\": \"" + SECRET + "\", \"filter\": {\"jsonPath\": \"$.a\", \"regex\": \"(x\"}}"),
                400, "bus.invalid-regex");
        assertCode(admin.post(base, "{\"callback\": \"" + ok + "\", \"secret\": \"" + SECRET + "\", \"filter\": \"$.a\"}"), 400, "bus.invalid-filter");
        assertCode(admin.post(base, "{\"callback\": \"" + ok + "\", \"secret\": \"" + SECRET + "\", \"group\": \"no spaces\"}"), 400, "bus.invalid-group");
        assertCode(admin.post(base, "[1]"), 400, "bus.invalid-parameter");
        assertCode(admin.post("/api/bus/topics/" + unique("none") + "/subscriptions", "{\"callback\": \"" + ok + "\", \"secret\": \"" + SECRET + "\"}"), 404,
                "bus.unknown-topic");
        assertCode(admin.put(base, "{}"), 405, "bus.method-not-allowed");
        assertEquals(0, admin.get(base).body().path("subscriptions").size(), "nothing was stored");
        assertEquals(401, BusApi.anonymous(RUNTIME.port()).get(base).status(), "subscriptions take a login with consume on the topic");
    }

    private static void assertCode(BusApi.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals(code, answer.code(), answer.toString());
        assertFalse(answer.raw().contains("Exception"), answer.raw());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
