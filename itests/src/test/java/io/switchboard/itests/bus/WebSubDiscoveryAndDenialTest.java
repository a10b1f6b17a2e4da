package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/**
 * WebSub (W3C Recommendation, 2018) sections the conformance test leaves out: discovery (4), the
 * Link headers rel=hub and rel=self on a topic's GET and HEAD, and denial (5.2), the hub's GET to
 * the callback with hub.mode=denied when it refuses a subscription after its 202 (the topic deleted,
 * maxSubscriptions reached, found once the subscriber is verified) or ends one itself (DELETE).
 */
class WebSubDiscoveryAndDenialTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus")
            .withEtc("io.switchboard.bus.hooks.cfg", "maxSubscriptions = 2\ncallbackTimeoutMillis = 5000\n");

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

    private static String base() {
        return "http://127.0.0.1:" + RUNTIME.port();
    }

    private static String topic(BusApi admin, String prefix) {
        String name = prefix + "-" + Long.toHexString(System.nanoTime());
        admin.topic(name, "{\"driver\": \"memory\"}");
        return name;
    }

    private static HttpResponse<String> raw(String method, String url, String token) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An asynchronous subscription request to the hub (a form), answered 202. */
    private static void subscribe(BusApi api, String hubUrl, String topicUrl, String callback) throws Exception {
        StringJoiner form = new StringJoiner("&");
        Map.of("hub.mode", "subscribe", "hub.topic", topicUrl, "hub.callback", callback)
                .forEach((name, value) -> form.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(hubUrl)).header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals("pending", BusApi.JSON.readTree(answer.body()).path("verification").asText());
    }

    /** The hub's hub.mode=denied request to a callback path, once it comes. */
    private static CallbackServer.Received denial(String path) {
        return Await.until("the hub.mode=denied request", Duration.ofSeconds(20), () -> subscriber.at(path, "GET").stream()
                .filter(request -> "denied".equals(request.query().get("hub.mode"))).findFirst().orElse(null));
    }

    private static List<JsonNode> subscriptions(BusApi api, String topic) {
        List<JsonNode> list = new java.util.ArrayList<>();
        api.get("/api/bus/topics/" + topic + "/subscriptions").body().path("subscriptions").forEach(list::add);
        return list;
    }

    @Test
    void aTopicNamesItsHubAndItselfInLinkHeadersOnGetAndHead() throws Exception {
        BusApi admin = admin();
        String topic = topic(admin, "discover");
        String self = base() + "/api/bus/topics/" + topic;
        List<String> links = List.of("<" + base() + "/api/bus/hub>; rel=\"hub\"", "<" + self + ">; rel=\"self\"");

        HttpResponse<String> get = raw("GET", self, admin.token());
        assertEquals(200, get.statusCode());
        assertEquals(links, get.headers().allValues("Link"));
        assertEquals(topic, BusApi.JSON.readTree(get.body()).path("name").asText(), "the topic's JSON as before");

        BusApi service = admin.register("sub-" + Long.toHexString(System.nanoTime())); // consume, not manage
        HttpResponse<String> head = raw("HEAD", self, service.token());
        assertEquals(200, head.statusCode(), "a subscriber discovers with HEAD");
        assertEquals(links, head.headers().allValues("Link"));
        assertEquals("", head.body());
        assertEquals(200, service.send("HEAD", "/api/bus/topics/" + topic, null, Map.of()).status(), "as the OpenAPI document says");
        assertEquals(403, service.get("/api/bus/topics/" + topic).status(), "GET, with the numbers, stays for managers");
        assertEquals(404, service.send("HEAD", "/api/bus/topics/nothing-" + Long.toHexString(System.nanoTime()), null, Map.of()).status());
        assertEquals(401, raw("HEAD", self, "not-a-token").statusCode());
    }

    @Test
    void aSubscriptionWhoseTopicIsDeletedDuringVerificationIsDenied() throws Exception {
        BusApi admin = admin();
        String topic = topic(admin, "gone");
        String path = "/" + topic;
        subscriber.script(path, request -> {
            if ("subscribe".equals(request.query().get("hub.mode"))) {
                assertEquals(200, admin.delete("/api/bus/topics/" + topic).status()); // the topic goes while the hub waits for this answer
                return new CallbackServer.Answer(200, request.query().get("hub.challenge"), Map.of());
            }
            return CallbackServer.Answer.of(200);
        });
        String topicUrl = base() + "/api/bus/topics/" + topic;
        subscribe(admin, base() + "/api/bus/hub", topicUrl, subscriber.url(path));

        CallbackServer.Received denied = denial(path);
        assertEquals(topicUrl, denied.query().get("hub.topic"));
        assertTrue(denied.query().get("hub.reason").contains("deleted"), denied.query().toString());
        assertNull(denied.query().get("hub.challenge"), "a denial asks nothing back");
    }

    @Test
    void aSubscriptionBeyondMaxSubscriptionsFoundAfterItsVerificationIsDeniedAndOneEndedByTheHubToo() throws Exception {
        BusApi admin = admin();
        String topic = topic(admin, "full");
        String topicUrl = base() + "/api/bus/topics/" + topic;
        String path = "/" + topic + "/late";
        CountDownLatch fill = new CountDownLatch(1);
        subscriber.script(path, request -> {
            if ("subscribe".equals(request.query().get("hub.mode"))) {
                try {
                    fill.await(4, TimeUnit.SECONDS); // the hub's other subscriptions are made meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new CallbackServer.Answer(200, request.query().get("hub.challenge"), Map.of());
            }
            return CallbackServer.Answer.of(200);
        });
        subscribe(admin, base() + "/api/bus/hub", topicUrl, subscriber.url(path));
        Await.until("the verification request", Duration.ofSeconds(10), () -> subscriber.at(path, "GET").isEmpty() ? null : true);
        List<String> webhooks = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) { // maxSubscriptions = 2
                BusApi.Answer made = admin.post("/api/bus/topics/" + topic + "/subscriptions", "{\"group\": \"w" + i + "\", \"callback\": \""
                        + subscriber.url("/" + topic + "/w" + i) + "\", \"secret\": \"a-webhook-secret-of-some-length\"}");
                assertEquals(201, made.status(), made.toString());
                webhooks.add(made.body().path("id").asText());
            }
            fill.countDown();
            CallbackServer.Received denied = denial(path);
            assertEquals(topicUrl, denied.query().get("hub.topic"));
            assertTrue(denied.query().get("hub.reason").contains("maxSubscriptions"), denied.query().toString());
            assertEquals(2, subscriptions(admin, topic).size(), "the two webhooks, not the denied one");
        } finally {
            fill.countDown();
            webhooks.forEach(id -> admin.delete("/api/bus/topics/" + topic + "/subscriptions/" + id));
        }

        // a subscription the hub ends itself (DELETE through its API): the subscriber is told, as for a refusal
        String ended = "/" + topic + "/ended";
        subscriber.script(ended, request -> "subscribe".equals(request.query().get("hub.mode"))
                ? new CallbackServer.Answer(200, request.query().get("hub.challenge"), Map.of()) : CallbackServer.Answer.of(200));
        subscribe(admin, base() + "/api/bus/hub", topicUrl, subscriber.url(ended));
        JsonNode active = Await.until("the verified subscription", Duration.ofSeconds(10), () -> subscriptions(admin, topic).stream()
                .filter(s -> s.path("callback").asText().endsWith("/ended")).findFirst().orElse(null));
        assertEquals(200, admin.delete("/api/bus/topics/" + topic + "/subscriptions/" + active.path("id").asText()).status());
        CallbackServer.Received denied = denial(ended);
        assertEquals(topicUrl, denied.query().get("hub.topic"));
        assertFalse(denied.query().get("hub.reason").isBlank());
    }
}
