package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/** Content-based routing through a real runtime: rules copy matching messages into derived topics; POST /api/bus/route lets the rules choose. */
class RouteRulesTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    @Test
    void aRuleCopiesMatchingMessagesIntoItsDerivedTopic() {
        BusApi admin = admin();
        String orders = unique("orders");
        String big = unique("big-orders");
        admin.topic(orders, "{}");
        admin.topic(big, "{}");
        assertEquals(0, admin.lease(orders, "max=10").size(), "the default group exists from now on (a group holds what is published after it leased first)");
        BusApi.Answer rule = admin.put("/api/bus/topics/" + orders + "/routes/big", "{\"filter\": {\"jsonPath\": \"$[?(@.total > 100)]\"}, \"target\": \"" + big + "\"}");
        assertEquals(201, rule.status(), rule.toString());
        admin.publish(orders, "{\"total\": 5}", Map.of());
        String matching = admin.publish(orders, "{\"total\": 500, \"customer\": \"ada\"}", Map.of());
        admin.publish(orders, "{\"total\": 50}", Map.of());
        JsonNode copied = Await.until("the copy in the derived topic", Duration.ofSeconds(10), () -> {
            JsonNode messages = admin.lease(big, "max=10");
            return messages.size() > 0 ? messages : null;
        });
        assertEquals(1, copied.size());
        JsonNode copy = copied.get(0);
        assertEquals(500, copy.path("payload").path("total").asInt());
        assertEquals(orders, copy.path("headers").path("Bus-Routed-From").asText());
        assertEquals(matching, copy.path("headers").path("Bus-Routed-Id").asText());
        assertEquals(200, admin.ack(copy.path("id").asText(), null).status());
        JsonNode read = Await.until("all three looked at", Duration.ofSeconds(10), () -> {
            JsonNode one = admin.get("/api/bus/topics/" + orders + "/routes/big").body();
            return one.path("delivered").asLong() + one.path("skipped").asLong() == 3 ? one : null;
        });
        assertEquals(1, read.path("delivered").asLong());
        assertEquals(1, admin.get("/api/bus/topics/" + orders + "/routes").body().path("routes").size());
        assertEquals(3, admin.lease(orders, "max=10").size(), "the source topic's own consumers still get everything");
        assertEquals(200, admin.delete("/api/bus/topics/" + orders + "/routes/big").status());
        assertEquals("bus.unknown-rule", admin.get("/api/bus/topics/" + orders + "/routes/big").code());
    }

    @Test
    void publishingToRouteLetsTheRulesChooseTheTopics() {
        BusApi admin = admin();
        String source = unique("events");
        String eu = unique("eu");
        String vip = unique("vip");
        admin.topic(source, "{}");
        admin.topic(eu, "{}");
        admin.topic(vip, "{}");
        admin.put("/api/bus/topics/" + source + "/routes/eu", "{\"filter\": {\"jsonPath\": \"$.country\", \"regex\": \"^(de|fr|it)$\"}, \"target\": \"" + eu + "\"}");
        admin.put("/api/bus/topics/" + source + "/routes/vip", "{\"filter\": {\"jsonPath\": \"$.customer.tier\", \"regex\": \"^gold$\", \"flags\": \"i\"},"
                + " \"target\": \"" + vip + "\"}");
        BusApi.Answer both = admin.post("/api/bus/route", "{\"country\": \"fr\", \"customer\": {\"tier\": \"Gold\"}}");
        assertEquals(202, both.status(), both.toString());
        assertEquals(2, both.body().path("messages").size());
        BusApi.Answer one = admin.post("/api/bus/route", "{\"country\": \"de\", \"customer\": {\"tier\": \"silver\"}}");
        assertEquals(1, one.body().path("messages").size());
        assertEquals(eu, one.body().path("messages").get(0).path("topic").asText());
        BusApi.Answer none = admin.post("/api/bus/route", "{\"country\": \"us\"}");
        assertEquals(422, none.status(), none.toString());
        assertEquals("bus.no-matching-rule", none.code());
        JsonNode routed = admin.lease(eu, "max=10");
        assertEquals(2, routed.size());
        routed.forEach(message -> assertEquals("admin", message.path("headers").path("Bus-Producer").asText(),
                "a message published through the rules names its producer, as any publish does"));
        assertEquals(1, admin.lease(vip, "max=10").size());
        assertEquals(0, admin.lease(source, "max=10").size(), "a routed publish goes to the targets only");
    }

    @Test
    void badRulesAreRefusedWithTheirCode() {
        BusApi admin = admin();
        String topic = unique("src");
        String target = unique("dst");
        admin.topic(topic, "{}");
        admin.topic(target, "{}");
        String rules = "/api/bus/topics/" + topic + "/routes/";
        assertCode(admin.put(rules + "r", "{\"filter\": {\"jsonPath\": \"$..[?(\"}, \"target\": \"" + target + "\"}"), 400, "bus.invalid-json-path");
        assertCode(admin.put(rules + "r", "{\"filter\": {\"jsonPath\": \"$[?(@.a =~ /(a+)+$/)]\"}, \"target\": \"" + target + "\"}"), 400, "bus.invalid-json-path");
        assertCode(admin.put(rules + "r", "{\"filter\": {\"jsonPath\": \"$.a\", \"regex\": \"(?=x)\"}, \"target\": \"" + target + "\"}"), 400, "bus.invalid-regex");
        assertCode(admin.put(rules + "r", "{\"filter\": {\"path\": \"$.a\"}, \"target\": \"" + target + "\"}"), 400, "bus.invalid-filter");
        assertCode(admin.put(rules + "r", "{\"filter\": {\"jsonPath\": \"$.a\"}, \"target\": \"" + unique("missing") + "\"}"), 404, "bus.unknown-topic");
        assertCode(admin.put(rules + "r", "{\"filter\": {\"jsonPath\": \"$.a\"}, \"target\": \"" + topic + "\"}"), 400, "bus.invalid-parameter");
        assertCode(admin.put(rules + "r", "{\"filter\": {\"jsonPath\": \"$.a\"}}"), 400, "bus.invalid-parameter");
        assertCode(admin.put(rules + "bad%20name", "{\"filter\": {\"jsonPath\": \"$.a\"}, \"target\": \"" + target + "\"}"), 400, "bus.invalid-group");
        assertCode(admin.post("/api/bus/route", "not json"), 400, "bus.not-json");
        assertEquals(0, admin.get("/api/bus/topics/" + topic + "/routes").body().path("routes").size(), "nothing was stored");
    }

    private static void assertCode(BusApi.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals(code, answer.code(), answer.toString());
        assertFalse(answer.raw().contains("Exception"), answer.raw());
    }
}
