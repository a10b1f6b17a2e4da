package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 15, item 4 on pull consumers: a lease (HTTP, WebSocket) or a stream (SSE) may name a
 * webhook's filter for its consumer group. The filter is fixed when the group is made; a different
 * one (or one for a group made without) is 409 bus.group-filter-conflict; messages it does not
 * match are acked for that group without being delivered, and other groups still get them.
 */
class GroupFilterTest {

    private static final String BIG_ORDERS = "{\"jsonPath\": \"$[?(@.total > 100)]\"}";
    private static final String ADA = "{\"jsonPath\": \"$.customer\", \"regex\": \"^ada\", \"flags\": \"i\"}";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static String topic(BusApi admin, String prefix) {
        String name = prefix + "-" + Long.toHexString(System.nanoTime());
        admin.topic(name, "{\"driver\": \"memory\"}");
        return name;
    }

    private static List<Integer> totals(JsonNode messages) {
        List<Integer> totals = new ArrayList<>();
        messages.forEach(message -> totals.add(message.path("payload").path("total").asInt()));
        return totals;
    }

    private static BusApi.Answer lease(BusApi api, String topic, String group, String body) {
        return api.post("/api/bus/topics/" + topic + "/lease?group=" + group + "&max=10", body);
    }

    @Test
    void aFilteredLeaseGetsOnlyMatchingMessagesAndSettlesTheRestForItsGroupAlone() {
        BusApi admin = admin();
        String topic = topic(admin, "filtered");
        // a group without a filter, made before the messages: a group holds what is stored when it is made
        assertEquals(200, lease(admin, topic, "all", null).status());
        for (int total : new int[] {50, 150, 99, 300}) {
            admin.publish(topic, "{\"total\": " + total + "}", Map.of());
        }
        BusApi.Answer big = lease(admin, topic, "big", "{\"filter\": " + BIG_ORDERS + "}");
        assertEquals(200, big.status(), big.toString());
        assertEquals(List.of(150, 300), totals(big.body().path("messages")));
        big.body().path("messages").forEach(message -> assertEquals(200, admin.ack(message.path("id").asText(), "big").status()));

        JsonNode group = admin.get("/api/bus/topics/" + topic).body().path("groups").path("big");
        assertEquals(0, group.path("ready").asInt(), "the others were acked for the group, not left waiting: " + group);
        assertEquals(0, group.path("inFlight").asInt(), group.toString());
        assertEquals(List.of(50, 150, 99, 300), totals(lease(admin, topic, "all", null).body().path("messages")), "another group gets everything");

        admin.publish(topic, "{\"total\": 7}", Map.of());
        admin.publish(topic, "{\"total\": 700}", Map.of());
        assertEquals(List.of(700), totals(lease(admin, topic, "big", null).body().path("messages")), "a lease naming no filter gets the group's");
    }

    @Test
    void aGroupsFilterIsFixedWhenTheGroupIsMade() {
        BusApi admin = admin();
        String topic = topic(admin, "fixed");
        assertEquals(200, lease(admin, topic, "big", "{\"filter\": " + BIG_ORDERS + "}").status());
        assertEquals(200, lease(admin, topic, "big", "{\"filter\": " + BIG_ORDERS + "}").status(), "the same filter again is fine");

        BusApi.Answer other = lease(admin, topic, "big", "{\"filter\": " + ADA + "}");
        assertEquals(409, other.status(), other.toString());
        assertEquals("bus.group-filter-conflict", other.code());

        assertEquals(200, lease(admin, topic, "plain", null).status());
        BusApi.Answer late = lease(admin, topic, "plain", "{\"filter\": " + BIG_ORDERS + "}");
        assertEquals(409, late.status(), "a group made without a filter keeps none: " + late);
        assertEquals("bus.group-filter-conflict", late.code());

        assertEquals("bus.invalid-json-path", lease(admin, topic, "bad", "{\"filter\": {\"jsonPath\": \"$[?(@.a =~ /x/)]\"}}").code());
        assertEquals("bus.invalid-filter", lease(admin, topic, "bad", "{\"filter\": {\"path\": \"$.a\"}}").code());
        assertEquals("bus.invalid-parameter", lease(admin, topic, "bad", "{\"filters\": {}}").code());
        assertEquals("bus.not-json", lease(admin, topic, "bad", "{\"filter\": ").code());
        assertEquals("bus.invalid-lease", admin.post("/api/bus/topics/" + topic + "/lease?group=bad&max=0", "{\"filter\": " + ADA + "}").code());
        assertEquals(List.of(), totals(lease(admin, topic, "bad", null).body().path("messages")), "refused filters and leases made no group filter");
        assertEquals(409, lease(admin, topic, "bad", "{\"filter\": " + ADA + "}").status(), "the group was made without one");
    }

    @Test
    void aStreamAndAWebSocketSubscriptionTakeTheFilterToo() throws Exception {
        BusApi admin = admin();
        String topic = topic(admin, "streams");
        String filter = URLEncoder.encode(BIG_ORDERS, StandardCharsets.UTF_8);
        try (Sse stream = Sse.open(RUNTIME.port(), admin.token(), topic + "/stream?group=sse&filter=" + filter, null)) {
            assertEquals(200, stream.status);
            admin.publish(topic, "{\"total\": 1}", Map.of());
            admin.publish(topic, "{\"total\": 101}", Map.of());
            Sse.Event event = stream.next(Duration.ofSeconds(10));
            assertEquals(101, event.data().path("payload").path("total").asInt());
            assertNull(stream.next(Duration.ofMillis(500)), "the unmatched one never comes");
        }
        try (Sse refused = Sse.open(RUNTIME.port(), admin.token(), topic + "/stream?group=sse&filter=" + URLEncoder.encode(ADA, StandardCharsets.UTF_8), null)) {
            assertEquals(409, refused.status, "the stream's group has another filter");
        }

        try (WireClient wire = WireClient.connect(RUNTIME.port())) {
            wire.ok("login", WireClient.object().put("token", admin.token()));
            com.fasterxml.jackson.databind.node.ObjectNode lease = WireClient.object().put("topic", topic).put("group", "ws").put("max", 10);
            lease.set("filter", WireClient.json(ADA));
            wire.ok("bus.lease", lease); // makes the group with its filter
            admin.publish(topic, "{\"customer\": \"Bob\", \"total\": 5}", Map.of());
            admin.publish(topic, "{\"customer\": \"Ada Lovelace\", \"total\": 6}", Map.of());
            admin.publish(topic, "{\"total\": 500}", Map.of());
            JsonNode leased = wire.ok("bus.lease", WireClient.object().put("topic", topic).put("group", "ws").put("max", 10)).path("messages");
            assertEquals(List.of(6), totals(leased), "only Ada's, of the three published since");
            lease.set("filter", WireClient.json(BIG_ORDERS));
            assertEquals("bus.group-filter-conflict", wire.error("bus.lease", lease));
        }
    }
}
