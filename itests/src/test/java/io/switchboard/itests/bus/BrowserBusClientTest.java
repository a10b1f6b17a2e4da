package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.BrowserDriver;
import io.switchboard.itests.support.RunningRuntime;

/**
 * The browser client's bus methods in real headless Chromium (itests/browser/bus-driver.mjs): a page
 * logged in as an administrator publishes one by one and in batches, consumes in a group with nacks
 * and acks (one by one and in a batch), and asks and answers a request, against a real runtime;
 * what it did is checked from outside over HTTP.
 */
class BrowserBusClientTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    @Test
    void aPagePublishesConsumesAcksAndRequestsOnTheBus() throws Exception {
        BrowserDriver.install();
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        String topic = "browser-" + Long.toHexString(System.nanoTime());
        admin.topic(topic, "{\"driver\": \"memory\", \"maxLength\": 3}");
        String requests = topic + "-requests";
        admin.topic(requests, "{\"driver\": \"memory\"}");
        try (BrowserDriver page = new BrowserDriver("bus-driver.mjs", Integer.toString(RUNTIME.port()), "admin", "itest-secret")) {
            page.expect("READY", Duration.ofSeconds(60));

            JsonNode published = json(page.ask("publish-all " + topic + " 4", "RESULTS"));
            assertEquals(4, published.size(), published.toString());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(published.get(i).path("id").asText().startsWith(topic + "~"), "stored: " + published);
                ids.add(published.get(i).path("id").asText());
            }
            assertEquals("bus.topic-full", published.get(3).path("error").path("code").asText(), "maxLength 3: " + published);
            assertEquals("bus.invalid-parameter", page.ask("publish-all-dedup " + topic, "REFUSED"), "one dedup id for a whole batch");

            assertEquals("", page.ask("subscribe " + topic + " browser", "SUBSCRIBED"));
            JsonNode first = json(page.ask("await-messages 3", "MESSAGES"));
            assertEquals(ids, idsOf(first), "delivered in order");
            assertEquals(1, first.get(0).path("payload").path("i").asInt());
            page.ask("nack-taken", "NACKED");
            JsonNode again = json(page.ask("await-messages 3", "MESSAGES"));
            assertEquals(ids, idsOf(again), "nacked messages come again");
            again.forEach(message -> assertEquals(2, message.path("deliveries").asInt(), "a second delivery: " + message));

            JsonNode acked = json(page.ask("ack-all-taken-and-first-again", "RESULTS"));
            assertEquals(4, acked.size(), acked.toString());
            for (int i = 0; i < 3; i++) {
                assertEquals(ids.get(i), acked.get(i).path("id").asText());
                assertTrue(acked.get(i).path("acked").asBoolean(), "acked: " + acked);
            }
            assertEquals("bus.already-acked", acked.get(3).path("error").path("code").asText(), "the repeated id is refused alone: " + acked);
            assertEquals(0, admin.get("/api/bus/topics/" + topic).body().path("depth").asLong(), "nothing left on the topic");

            String one = page.ask("publish " + topic + " {\"one\":1}", "ID");
            JsonNode single = json(page.ask("await-messages 1", "MESSAGES"));
            assertEquals(one, single.get(0).path("id").asText());
            page.ask("ack-taken", "ACKED");
            assertEquals(0, admin.get("/api/bus/topics/" + topic).body().path("depth").asLong(), "the single ack removed it");

            page.ask("serve-replies " + requests + " replier", "SERVING");
            assertEquals(json("{\"echo\":{\"q\":7}}"), json(page.ask("request " + requests + " {\"q\":7}", "REPLY")));
        }
    }

    private static JsonNode json(String text) throws Exception {
        return BusApi.JSON.readTree(text);
    }

    private static List<String> idsOf(JsonNode messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(message -> ids.add(message.path("id").asText()));
        return ids;
    }
}
