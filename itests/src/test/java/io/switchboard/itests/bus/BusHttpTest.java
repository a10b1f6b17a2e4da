package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/** Every route of /api/bus through a real runtime process, as a service in another language would use it. */
class BusHttpTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    @Test
    void aTopicIsMadeReadListedChangedAndDeleted() {
        BusApi admin = admin();
        String name = unique("orders");
        BusApi.Answer created = admin.put("/api/bus/topics/" + name, "{\"discipline\": \"priority\", \"maxLength\": 50, \"overflow\": \"drop-oldest\"}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("priority", created.body().path("settings").path("discipline").asText());
        assertEquals("file", created.body().path("settings").path("driver").asText(), "the embedded store is the default");
        BusApi.Answer changed = admin.put("/api/bus/topics/" + name, "{\"ackTimeoutMillis\": 5000}");
        assertEquals(200, changed.status());
        assertEquals("priority", changed.body().path("settings").path("discipline").asText(), "what a change leaves out stays");
        assertEquals(5000, changed.body().path("settings").path("ackTimeoutMillis").asLong());
        admin.publish(name, "{\"n\": 1}", Map.of());
        JsonNode read = admin.get("/api/bus/topics/" + name).body();
        assertEquals(1, read.path("depth").asLong());
        assertEquals(1, read.path("published").asLong());
        boolean listed = false;
        for (JsonNode topic : admin.get("/api/bus/topics").body().path("topics")) {
            listed |= topic.path("name").asText().equals(name);
        }
        assertTrue(listed);
        assertEquals(200, admin.delete("/api/bus/topics/" + name).status());
        assertEquals("bus.unknown-topic", admin.get("/api/bus/topics/" + name).code());
    }

    @Test
    void publishLeaseAckInPriorityOrder() {
        BusApi admin = admin();
        String name = unique("prio");
        admin.topic(name, "{\"discipline\": \"priority\"}");
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            admin.publish(name, "{\"i\": " + i + "}", Map.of("Bus-Priority", Integer.toString(random.nextInt(10))));
        }
        int last = 10;
        int seen = 0;
        while (seen < 50) {
            JsonNode messages = admin.lease(name, "max=20");
            for (JsonNode message : messages) {
                assertTrue(message.path("priority").asInt() <= last, "priority order");
                last = message.path("priority").asInt();
                assertEquals(1, message.path("deliveries").asInt());
                assertTrue(message.path("publishedAt").asLong() > 0);
                assertTrue(message.path("payload").has("i"));
                assertEquals(200, admin.ack(message.path("id").asText(), null).status());
                seen++;
            }
        }
        assertEquals(0, admin.get("/api/bus/topics/" + name).body().path("depth").asLong());
    }

    @Test
    void lifoComesOutReversedAndADelayedMessageWaits() {
        BusApi admin = admin();
        String name = unique("stack");
        admin.topic(name, "{\"discipline\": \"lifo\"}");
        for (int i = 0; i < 5; i++) {
            admin.publish(name, Integer.toString(i), Map.of());
        }
        List<Integer> out = new ArrayList<>();
        admin.lease(name, "max=5").forEach(message -> out.add(message.path("payload").asInt()));
        assertEquals(List.of(4, 3, 2, 1, 0), out);
        String later = unique("later");
        admin.topic(later, "{}");
        admin.publish(later, "\"soon\"", Map.of("Bus-Delay-Millis", "400"));
        assertEquals(0, admin.lease(later, "").size(), "not before its delay");
        Await.until("the delayed message", Duration.ofSeconds(10), () -> admin.lease(later, "").size() == 1);
    }

    @Test
    void anUnackedMessageComesBackAndIsDeadLetteredThenRedrivenAndPurged() {
        BusApi admin = admin();
        String name = unique("jobs");
        String dead = name + "-dead";
        admin.topic(dead, "{}");
        admin.topic(name, "{\"ackTimeoutMillis\": 200, \"maxDeliveries\": 2, \"deadLetter\": \"" + dead + "\"}");
        String id = admin.publish(name, "{\"job\": 1}", Map.of());
        assertEquals(1, admin.lease(name, "").get(0).path("deliveries").asInt());
        JsonNode again = Await.until("the second delivery", Duration.ofSeconds(10), () -> {
            JsonNode leased = admin.lease(name, "");
            return leased.size() == 1 ? leased.get(0) : null;
        });
        assertEquals(2, again.path("deliveries").asInt());
        JsonNode letter = Await.until("the dead letter", Duration.ofSeconds(10), () -> {
            JsonNode letters = admin.get("/api/bus/topics/" + name + "/dead-letters").body().path("messages");
            return letters.size() == 1 ? letters.get(0) : null;
        });
        assertEquals(id, letter.path("id").asText());
        assertEquals("max-deliveries", letter.path("reason").asText());
        assertEquals(2, letter.path("deliveries").asInt());
        assertEquals(id, admin.get("/api/bus/topics/" + name + "/dead-letters/" + id).body().path("id").asText());
        JsonNode copy = admin.lease(dead, "").get(0);
        assertEquals(name, copy.path("headers").path("Bus-Dead-Letter-Topic").asText());
        assertEquals("2", copy.path("headers").path("Bus-Deliveries").asText());

        assertEquals(1, admin.post("/api/bus/topics/" + name + "/dead-letters/redrive", "{\"ids\": [\"" + id + "\"]}").body().path("redriven").asInt());
        JsonNode redriven = admin.lease(name, "visibility=100");
        assertEquals(1, redriven.get(0).path("deliveries").asInt(), "re-driven with its count reset");
        Await.until("dead again", Duration.ofSeconds(10), () -> {
            admin.lease(name, "visibility=100");
            return admin.get("/api/bus/topics/" + name).body().path("dead").asInt() == 1;
        });
        assertEquals(1, admin.delete("/api/bus/topics/" + name + "/dead-letters").body().path("purged").asInt());
        assertEquals(0, admin.get("/api/bus/topics/" + name + "/dead-letters").body().path("messages").size());
    }

    @Test
    void aSynchronousPublishGetsTheReplyOrTimesOut() throws Exception {
        BusApi admin = admin();
        String name = unique("rpc");
        admin.topic(name, "{}");
        CompletableFuture<BusApi.Answer> call = CompletableFuture.supplyAsync(
                () -> admin.post("/api/bus/topics/" + name + "/messages?reply=true&timeout=10000", "{\"question\": 6}"));
        JsonNode request = Await.until("the request", Duration.ofSeconds(10), () -> {
            JsonNode leased = admin.lease(name, "group=servers");
            return leased.size() == 1 ? leased.get(0) : null;
        });
        assertTrue(request.path("reply").asBoolean());
        String id = request.path("id").asText();
        assertEquals(200, admin.post("/api/bus/messages/" + id + "/reply", "{\"answer\": 42}").status());
        BusApi.Answer answered = call.get();
        assertEquals(200, answered.status(), answered.toString());
        assertEquals(42, answered.body().path("reply").path("answer").asInt());
        assertEquals(id, answered.body().path("id").asText());
        assertEquals("bus.no-reply-expected", admin.post("/api/bus/messages/" + id + "/reply", "1").code());

        BusApi.Answer timedOut = admin.post("/api/bus/topics/" + name + "/messages?reply=true&timeout=200", "{\"question\": 7}");
        assertEquals(504, timedOut.status());
        assertEquals("bus.reply-timeout", timedOut.code());
    }

    @Test
    void threeConsumersInAGroupShareTheMessagesAndEveryGroupGetsAll() {
        BusApi admin = admin();
        String name = unique("fanout");
        admin.topic(name, "{}");
        List<BusApi> consumers = List.of(admin.register(unique("c")), admin.register(unique("c")), admin.register(unique("c")));
        BusApi auditor = admin.register(unique("audit"));
        consumers.get(0).lease(name, "group=workers&max=1"); // both groups exist before the messages
        auditor.lease(name, "group=audit&max=1");
        for (int i = 0; i < 30; i++) {
            admin.publish(name, Integer.toString(i), Map.of());
        }
        Map<Integer, Integer> byConsumer = new HashMap<>();
        Set<Integer> workers = new HashSet<>();
        int turn = 0;
        while (workers.size() < 30 && turn < 300) {
            int which = turn++ % 3;
            for (JsonNode message : consumers.get(which).lease(name, "group=workers&max=2")) {
                assertTrue(workers.add(message.path("payload").asInt()), "each message once in the group");
                byConsumer.merge(which, 1, Integer::sum);
                assertEquals(200, consumers.get(which).ack(message.path("id").asText(), "workers").status());
            }
        }
        assertEquals(30, workers.size());
        assertEquals(3, byConsumer.size(), "all three consumers took part: " + byConsumer);
        Set<Integer> audited = new HashSet<>();
        for (JsonNode message : auditor.lease(name, "group=audit&max=100")) {
            audited.add(message.path("payload").asInt());
        }
        assertEquals(30, audited.size(), "the other group gets every message too");
    }

    @Test
    void aStreamResumedWithLastEventIdLosesNothing() throws Exception {
        BusApi admin = admin();
        String name = unique("feed");
        admin.topic(name, "{\"ackTimeoutMillis\": 60000}");
        Set<Integer> acked = new HashSet<>();
        String lastId;
        try (Sse stream = Sse.open(admin.port(), admin.token(), name + "/stream?group=readers&max=5", null)) {
            assertEquals(200, stream.status);
            for (int i = 0; i < 10; i++) {
                admin.publish(name, Integer.toString(i), Map.of());
            }
            Sse.Event event = null;
            for (int i = 0; i < 3; i++) {
                event = stream.next(Duration.ofSeconds(10));
                assertNotNull(event, "event " + i);
                assertEquals("message", event.name());
                assertEquals(event.id(), event.data().path("id").asText());
                assertEquals(200, admin.ack(event.id(), "readers").status());
                acked.add(event.data().path("payload").asInt());
            }
            lastId = stream.next(Duration.ofSeconds(10)).id(); // received, not acked: the disconnect comes before the ack
        }
        Set<Integer> after = new HashSet<>();
        try (Sse resumed = Sse.open(admin.port(), admin.token(), name + "/stream?group=readers&max=5", lastId)) {
            while (after.size() + acked.size() < 10) {
                Sse.Event event = resumed.next(Duration.ofSeconds(10));
                assertNotNull(event, "resumed stream stalled with " + after + " after " + acked);
                int value = event.data().path("payload").asInt();
                assertFalse(acked.contains(value), "an acked message never comes back: " + value);
                after.add(value);
                assertEquals(200, admin.ack(event.id(), "readers").status());
            }
        }
        Set<Integer> all = new HashSet<>(acked);
        all.addAll(after);
        assertEquals(10, all.size(), "nothing lost: " + all);
    }

    @Test
    void servicesRegisterRenewAreSuspendedAndDeleted() {
        BusApi admin = admin();
        BusApi.Answer refused = BusApi.anonymous(RUNTIME.port()).post("/api/bus/services", "{\"name\": \"x\", \"version\": \"1\"}");
        assertEquals("bus.registration-refused", refused.code());
        String registrationToken = admin.post("/api/bus/registration-tokens", "{\"uses\": 1, \"ttlMillis\": 60000}").body().path("token").asText();
        BusApi.Answer registered = BusApi.withToken(RUNTIME.port(), registrationToken).post("/api/bus/services",
                "{\"name\": \"billing\", \"version\": \"2.1.0\", \"description\": \"bills\", \"meta\": {\"team\": \"money\"}}");
        assertEquals(201, registered.status(), registered.toString());
        assertEquals("bus.registration-refused", BusApi.withToken(RUNTIME.port(), registrationToken).post("/api/bus/services",
                "{\"name\": \"again\", \"version\": \"1\"}").code(), "a one-use token is used up");
        String id = registered.body().path("id").asText();
        BusApi billing = BusApi.withToken(RUNTIME.port(), registered.body().path("token").asText());
        assertEquals("active", billing.get("/api/bus/services/" + id).body().path("state").asText());
        assertEquals(200, billing.post("/api/bus/services/" + id + "/renew", null).status());
        BusApi other = admin.register(unique("other"));
        assertEquals("bus.foreign-token", other.get("/api/bus/services/" + id).code());
        assertEquals("bus.foreign-token", other.delete("/api/bus/services/" + id).code());
        assertEquals("bus.forbidden", billing.put("/api/bus/topics/" + unique("mine"), "{}").code(), "services publish and consume, they do not manage");

        assertEquals("suspended", admin.post("/api/bus/services/" + id + "/suspend", null).body().path("state").asText());
        assertEquals(401, billing.get("/api/bus/services/" + id).status(), "a suspended service's token stops working");
        assertEquals("active", admin.post("/api/bus/services/" + id + "/resume", null).body().path("state").asText());
        assertEquals(200, billing.get("/api/bus/services/" + id).status());
        assertEquals(200, admin.delete("/api/bus/services/" + id).status());
        assertEquals("bus.invalid-token", billing.get("/api/bus/services/" + id).code(), "a deleted service's token is dead");
        assertEquals("bus.unknown-service", admin.get("/api/bus/services/" + id).code());
    }

    @Test
    void deletingAServiceEndsItsStream() throws Exception {
        BusApi admin = admin();
        String name = unique("watched");
        admin.topic(name, "{}");
        BusApi.Answer registered = admin.post("/api/bus/services", "{\"name\": \"watcher\", \"version\": \"1\"}");
        String token = registered.body().path("token").asText();
        try (Sse stream = Sse.open(RUNTIME.port(), token, name + "/stream", null)) {
            assertEquals(200, stream.status);
            admin.publish(name, "1", Map.of());
            assertNotNull(stream.next(Duration.ofSeconds(10)));
            assertEquals(200, admin.delete("/api/bus/services/" + registered.body().path("id").asText()).status());
            admin.publish(name, "2", Map.of());
            assertNull(stream.next(Duration.ofSeconds(2)), "the stream ended with its service");
        }
    }

    @Test
    void oneMessageToSeveralTopicsAtOnce() {
        BusApi admin = admin();
        String a = unique("a");
        String b = unique("b");
        admin.topic(a, "{}");
        admin.topic(b, "{}");
        BusApi.Answer published = admin.post("/api/bus/messages?topic=" + a + "&topic=" + b, "{\"both\": true}");
        assertEquals(202, published.status(), published.toString());
        assertEquals(2, published.body().path("messages").size());
        assertEquals(1, admin.lease(a, "").size());
        assertEquals(1, admin.lease(b, "").size());
        assertEquals("bus.unknown-topic", admin.post("/api/bus/messages?topic=" + a + "&topic=nope", "1").code());
        assertEquals(0, admin.get("/api/bus/topics/" + a).body().path("groups").path("default").path("ready").asInt(), "nothing stored when a topic is unknown");
    }
}
