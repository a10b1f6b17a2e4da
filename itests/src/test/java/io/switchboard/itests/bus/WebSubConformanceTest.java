package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/**
 * The hub's sections of W3C WebSub (2018), played over loopback with this test as both subscriber
 * (a callback server) and publisher: subscription with verification of intent (5.1, 5.3) and its
 * failures, leases that run out and are renewed, unsubscription, content distribution with the Link
 * header and the X-Hub-Signature HMAC (7, 8), the publisher's ping, and 410 Gone.
 */
class WebSubConformanceTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus")
            .withEtc("io.switchboard.bus.hooks.cfg", "websubMinLeaseSeconds = 1\nretryBaseMillis = 200\ncallbackTimeoutMillis = 2000\n");

    private static CallbackServer subscriber;

    @BeforeAll
    static void startSubscriber() throws Exception {
        subscriber = new CallbackServer();
    }

    @AfterAll
    static void stopSubscriber() {
        subscriber.close();
    }

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static String topicUrl(String topic) {
        return "http://127.0.0.1:" + RUNTIME.port() + "/api/bus/topics/" + topic;
    }

    /** A subscriber that agrees: it echoes hub.challenge. */
    private static void agrees(String path) {
        subscriber.script(path, request -> request.method().equals("GET") ? new CallbackServer.Answer(200, request.query().get("hub.challenge"), Map.of())
                : CallbackServer.Answer.of(202));
    }

    /** POST /api/bus/hub as a form, its answer checked against the OpenAPI document. */
    private static BusApi.Answer hub(BusApi api, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + "/api/bus/hub")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (api.token() != null) {
            request.header("Authorization", "Bearer " + api.token());
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            BusApi.Answer answer = new BusApi.Answer(response.statusCode(), headers, response.body().isEmpty() ? null : BusApi.JSON.readTree(response.body()),
                    response.body());
            SpecCheck.exchange(RUNTIME.port(), "POST", "/api/bus/hub", Map.of(), null, answer); // the form itself is described as one, not JSON
            return answer;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> subscribe(String topic, String callback, String... more) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.mode", "subscribe");
        form.put("hub.topic", topicUrl(topic));
        form.put("hub.callback", callback);
        for (int i = 0; i < more.length; i += 2) {
            form.put(more[i], more[i + 1]);
        }
        return form;
    }

    private static List<JsonNode> subscriptions(BusApi api, String topic) {
        List<JsonNode> list = new java.util.ArrayList<>();
        api.get("/api/bus/topics/" + topic + "/subscriptions").body().path("subscriptions").forEach(list::add);
        return list;
    }

    @Test
    void aVerifiedSubscriptionGetsSignedContentWithLinkHeaders() {
        BusApi admin = admin();
        String topic = unique("feed");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        admin.publish(topic, "{\"before\": true}", Map.of());
        String path = "/" + topic;
        agrees(path);
        BusApi.Answer answer = hub(admin, subscribe(topic, subscriber.url(path), "hub.secret", "subscriber-secret", "hub.lease_seconds", "3600",
                "hub.verify", "sync"));
        assertEquals(202, answer.status(), answer.toString());
        assertEquals("verified", answer.body().path("verification").asText());
        assertEquals(3600, answer.body().path("leaseSeconds").asLong());
        CallbackServer.Received verification = subscriber.at(path, "GET").get(0);
        assertEquals("subscribe", verification.query().get("hub.mode"));
        assertEquals(topicUrl(topic), verification.query().get("hub.topic"));
        assertEquals("3600", verification.query().get("hub.lease_seconds"));
        assertTrue(verification.query().get("hub.challenge").length() >= 16, "an unguessable challenge");

        admin.publish(topic, "{\"title\": \"news\"}", Map.of());
        CallbackServer.Received content = Await.until("the content distribution", Duration.ofSeconds(10), () -> {
            List<CallbackServer.Received> posts = subscriber.at(path, "POST");
            return posts.isEmpty() ? null : posts.get(0);
        });
        assertEquals("{\"title\":\"news\"}", content.text(), "only what was published after the subscription");
        assertEquals("application/json", content.header("Content-Type"));
        String link = content.header("Link");
        assertNotNull(link);
        assertTrue(link.contains("<http://127.0.0.1:" + RUNTIME.port() + "/api/bus/hub>; rel=\"hub\""), link);
        assertTrue(link.contains("<" + topicUrl(topic) + ">; rel=\"self\""), link);
        assertEquals(CallbackServer.sign("subscriber-secret", content.body()), content.header("X-Hub-Signature"));
        assertEquals(1, subscriber.at(path, "POST").size());
    }

    @Test
    void anAsynchronousSubscriptionIsActiveOnlyOnceVerified() {
        BusApi admin = admin();
        String topic = unique("async");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String path = "/" + topic;
        agrees(path);
        BusApi.Answer answer = hub(admin, subscribe(topic, subscriber.url(path)));
        assertEquals(202, answer.status(), answer.toString());
        assertEquals("pending", answer.body().path("verification").asText());
        Await.until("verified and active", Duration.ofSeconds(10), () -> subscriptions(admin, topic).size() == 1);
        JsonNode subscription = subscriptions(admin, topic).get(0);
        assertEquals("websub", subscription.path("kind").asText());
        assertFalse(subscription.path("signed").asBoolean(), "no hub.secret: no signature");
        admin.publish(topic, "{\"n\": 1}", Map.of());
        CallbackServer.Received content = Await.until("content", Duration.ofSeconds(10), () -> subscriber.at(path, "POST").stream().findFirst().orElse(null));
        assertEquals(null, content.header("X-Hub-Signature"));
    }

    @Test
    void aCallbackThatDoesNotAgreeIsNotSubscribed() {
        BusApi admin = admin();
        String topic = unique("refused");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        subscriber.script("/deny", request -> CallbackServer.Answer.of(404));
        subscriber.script("/wrong", request -> new CallbackServer.Answer(200, "not-the-challenge", Map.of()));
        subscriber.script("/empty", request -> CallbackServer.Answer.of(200));
        subscriber.script("/redirect", request -> new CallbackServer.Answer(302, "", Map.of("Location", "http://169.254.169.254/latest/meta-data")));
        assertRefused(hub(admin, subscribe(topic, subscriber.url("/deny"), "hub.verify", "sync")), 422, "bus.challenge-failed");
        assertRefused(hub(admin, subscribe(topic, subscriber.url("/wrong"), "hub.verify", "sync")), 422, "bus.challenge-failed");
        assertRefused(hub(admin, subscribe(topic, subscriber.url("/empty"), "hub.verify", "sync")), 422, "bus.challenge-failed");
        BusApi.Answer redirect = hub(admin, subscribe(topic, subscriber.url("/redirect"), "hub.verify", "sync"));
        assertRefused(redirect, 422, "bus.callback-redirect");
        assertTrue(redirect.body().path("error").path("message").asText().contains("internal address"), redirect.toString());
        assertRefused(hub(admin, subscribe(topic, "http://127.0.0.1:1/closed", "hub.verify", "sync")), 422, "bus.callback-unreachable");
        // asynchronous: answered 202, then verified, and not activated when the subscriber does not agree
        assertEquals(202, hub(admin, subscribe(topic, subscriber.url("/deny"))).status());
        Await.until("the asynchronous verification", Duration.ofSeconds(10), () -> subscriber.at("/deny", "GET").size() == 2);
        assertEquals(0, subscriptions(admin, topic).size(), "no subscription was activated");
        assertTrue(subscriber.at("/redirect", "GET").size() == 1 && subscriber.at("/deny", "POST").isEmpty());
    }

    @Test
    void badHubRequestsAreRefusedWithTheirCode() {
        BusApi admin = admin();
        String topic = unique("bad");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        assertRefused(hub(admin, Map.of("hub.mode", "subscribe")), 400, "bus.invalid-hub-request");
        assertRefused(hub(admin, Map.of("hub.mode", "watch", "hub.topic", topicUrl(topic))), 400, "bus.invalid-hub-request");
        assertRefused(hub(admin, subscribe(topic, "not a url")), 400, "bus.invalid-callback");
        assertRefused(hub(admin, subscribe(topic, "ftp://127.0.0.1/x")), 400, "bus.invalid-callback");
        assertRefused(hub(admin, subscribe(topic, subscriber.url("/x"), "hub.lease_seconds", "-1")), 400, "bus.invalid-hub-request");
        assertRefused(hub(admin, subscribe(topic, subscriber.url("/x"), "hub.secret", "s".repeat(200))), 400, "bus.invalid-hub-request");
        assertRefused(hub(admin, subscribe(unique("none"), subscriber.url("/x"))), 404, "bus.unknown-topic");
        Map<String, String> elsewhere = subscribe(topic, subscriber.url("/x"));
        elsewhere.put("hub.topic", "http://example.com/feed.xml");
        assertRefused(hub(admin, elsewhere), 400, "bus.invalid-hub-request");
        assertRefused(hub(BusApi.anonymous(RUNTIME.port()), subscribe(topic, subscriber.url("/x"))), 401, "bus.unauthenticated");
        BusApi.Answer json = admin.post("/api/bus/hub", "{\"hub.mode\": \"subscribe\"}");
        assertRefused(json, 400, "bus.invalid-hub-request");
        assertEquals(0, subscriptions(admin, topic).size());
        assertTrue(subscriber.at("/x").isEmpty(), "nothing was verified");
    }

    @Test
    void aLeaseRunsOutUnlessRenewed() {
        BusApi admin = admin();
        String topic = unique("lease");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String shortPath = "/short-" + topic;
        String renewedPath = "/renewed-" + topic;
        agrees(shortPath);
        agrees(renewedPath);
        assertEquals(1, hub(admin, subscribe(topic, subscriber.url(shortPath), "hub.lease_seconds", "1", "hub.verify", "sync")).body().path("leaseSeconds").asLong());
        hub(admin, subscribe(topic, subscriber.url(renewedPath), "hub.lease_seconds", "2", "hub.verify", "sync"));
        long firstExpiry = subscriptions(admin, topic).stream().filter(s -> s.path("callback").asText().endsWith(renewedPath)).findFirst().orElseThrow()
                .path("expiresAt").asLong();
        BusApi.Answer renewed = hub(admin, subscribe(topic, subscriber.url(renewedPath), "hub.lease_seconds", "3600", "hub.verify", "sync"));
        assertEquals(3600, renewed.body().path("leaseSeconds").asLong());
        JsonNode after = Await.until("the short lease runs out", Duration.ofSeconds(15), () -> {
            List<JsonNode> list = subscriptions(admin, topic);
            return list.size() == 1 ? list.get(0) : null;
        });
        assertTrue(after.path("callback").asText().endsWith(renewedPath), "the renewed one stays: " + after);
        assertTrue(after.path("expiresAt").asLong() > firstExpiry + 3_000_000L, "subscribing again renewed the lease");
        admin.publish(topic, "{\"late\": true}", Map.of());
        Await.until("the renewed subscriber gets it", Duration.ofSeconds(10), () -> subscriber.at(renewedPath, "POST").size() == 1);
        assertEquals(0, subscriber.at(shortPath, "POST").size(), "nothing after the lease ran out");
    }

    @Test
    void anUnsubscriptionIsVerifiedAndEndsDistribution() {
        BusApi admin = admin();
        String topic = unique("unsub");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String path = "/" + topic;
        agrees(path);
        hub(admin, subscribe(topic, subscriber.url(path), "hub.verify", "sync"));
        Map<String, String> unsubscribe = subscribe(topic, subscriber.url(path), "hub.verify", "sync");
        unsubscribe.put("hub.mode", "unsubscribe");
        BusApi.Answer answer = hub(admin, unsubscribe);
        assertEquals(202, answer.status(), answer.toString());
        CallbackServer.Received verification = subscriber.at(path, "GET").get(1);
        assertEquals("unsubscribe", verification.query().get("hub.mode"));
        assertEquals(null, verification.query().get("hub.lease_seconds"));
        assertEquals(0, subscriptions(admin, topic).size());
        admin.publish(topic, "{\"after\": true}", Map.of());
        assertRefused(hub(admin, unsubscribe), 404, "bus.unknown-subscription");
        // a second subscriber proves distribution ran after the unsubscription
        String witness = "/witness-" + topic;
        agrees(witness);
        hub(admin, subscribe(topic, subscriber.url(witness), "hub.verify", "sync"));
        admin.publish(topic, "{\"witnessed\": true}", Map.of());
        Await.until("the witness gets its message", Duration.ofSeconds(10), () -> subscriber.at(witness, "POST").size() == 1);
        assertEquals(0, subscriber.at(path, "POST").size(), "the unsubscribed callback gets nothing");
    }

    @Test
    void aPingServesTheSubscribersAndA410EndsTheSubscription() {
        BusApi admin = admin();
        String topic = unique("ping");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String path = "/" + topic;
        subscriber.script(path, request -> request.method().equals("GET") ? new CallbackServer.Answer(200, request.query().get("hub.challenge"), Map.of())
                : CallbackServer.Answer.of(410));
        hub(admin, subscribe(topic, subscriber.url(path), "hub.verify", "sync"));
        BusApi.Answer ping = hub(admin, Map.of("hub.mode", "publish", "hub.url", topicUrl(topic)));
        assertEquals(202, ping.status(), ping.toString());
        assertEquals(1, ping.body().path("subscribers").asInt());
        admin.publish(topic, "{\"n\": 1}", Map.of());
        Await.until("410 ends the subscription", Duration.ofSeconds(10), () -> subscriptions(admin, topic).isEmpty());
        assertEquals(1, subscriber.at(path, "POST").size());
    }

    private static void assertRefused(BusApi.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals(code, answer.code(), answer.toString());
        assertFalse(answer.raw().contains("Exception"), answer.raw());
    }
}
