package io.switchboard.itests.edge;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/** Every data action of switchboard.v1, and its errors, against the real distribution. */
class DataOverWebSocketTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge");

    private static ObjectNode at(String path) {
        return object().put("path", path);
    }

    @Test
    void setGetMergeCountAndRemove() {
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            ObjectNode set = at("/ws/crud/a");
            set.putObject("data").put("name", "a").put("n", 1);
            JsonNode stored = client.ok("set", set);
            assertEquals("/ws/crud/a", stored.get("path").asText());
            assertTrue(stored.get("meta").get("created").asLong() > 0);

            ObjectNode merge = at("/ws/crud/a");
            merge.putObject("data").put("n", 2);
            merge.putObject("options").put("merge", true);
            assertEquals("a", client.ok("set", merge).get("data").get("name").asText(), "merge keeps other fields");

            ObjectNode b = at("/ws/crud/b");
            b.putObject("data").put("n", 5);
            client.ok("set", b);

            assertEquals(2, client.ok("get", at("/ws/crud/a")).get("data").get("n").asInt());
            assertTrue(client.ok("get", at("/ws/crud/none")).isNull());

            ObjectNode query = at("/ws/crud/*");
            query.putObject("options").put("limit", 1).putObject("sort").put("n", -1);
            JsonNode found = client.ok("get", query);
            assertEquals(1, found.size());
            assertEquals("/ws/crud/b", found.get(0).get("path").asText());

            ObjectNode count = at("/ws/crud/*");
            count.putObject("options").putObject("criteria").putObject("n").put("$gte", 2);
            assertEquals(2, client.ok("count", count).asLong());

            assertEquals(2, client.ok("remove", at("/ws/crud/*")).get("removed").asInt());
            assertEquals(0, client.ok("count", at("/ws/crud/**")).asLong());
        }
    }

    @Test
    void incrementIsAtomicAcrossConnections() {
        try (WireClient one = WireClient.connect(RUNTIME.port()); WireClient two = WireClient.connect(RUNTIME.port())) {
            for (int i = 0; i < 20; i++) {
                one.ok("increment", at("/ws/counter").put("field", "hits").put("by", 1));
                two.ok("increment", at("/ws/counter").put("field", "hits").put("by", 2));
            }
            assertEquals(60, one.ok("get", at("/ws/counter")).get("data").get("hits").asInt());
        }
    }

    @Test
    void aSubscriberOnAnotherConnectionReceivesChangesInOrder() {
        try (WireClient subscriber = WireClient.connect(RUNTIME.port()); WireClient writer = WireClient.connect(RUNTIME.port())) {
            String id = subscriber.ok("on", at("/ws/live/**")).get("subscription").asText();
            for (int i = 0; i < 10; i++) {
                ObjectNode set = at("/ws/live/x");
                set.putObject("data").put("i", i);
                writer.ok("set", set);
            }
            for (int i = 0; i < 10; i++) {
                JsonNode publication = subscriber.publication();
                assertEquals(id, publication.get("publication").asText());
                assertEquals("set", publication.get("event").get("action").asText());
                assertEquals(i, publication.get("event").get("data").get("i").asInt());
            }
            writer.ok("remove", at("/ws/live/*"));
            JsonNode removed = subscriber.publication().get("event");
            assertEquals("remove", removed.get("action").asText());
            assertEquals(1, removed.get("data").get("removed").asInt());

            assertTrue(subscriber.ok("off", object().put("subscription", id)).asBoolean());
            ObjectNode after = at("/ws/live/y");
            after.putObject("data").put("i", 99);
            writer.ok("set", after);
            assertFalse(subscriber.publicationWithin(300), "no events after off");
        }
    }

    @Test
    void initialValuesComeFirstAndPublishDoesNotStore() {
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            ObjectNode set = at("/ws/initial/a");
            set.putObject("data").put("v", 1);
            client.ok("set", set);
            ObjectNode on = at("/ws/initial/*");
            on.putObject("options").put("initial", true);
            client.ok("on", on);
            JsonNode first = client.publication().get("event");
            assertEquals("/ws/initial/a", first.get("path").asText());
            assertTrue(first.get("meta").get("initial").asBoolean());

            ObjectNode publish = at("/ws/initial/b");
            publish.putObject("data").put("v", 2);
            client.ok("publish", publish);
            assertEquals("/ws/initial/b", client.publication().get("event").get("path").asText());
            assertTrue(client.ok("get", at("/ws/initial/b")).isNull(), "published, not stored");
        }
    }

    @Test
    void subscriptionsEndWithTheirSession() {
        try (WireClient writer = WireClient.connect(RUNTIME.port())) {
            WireClient gone = WireClient.connect(RUNTIME.port());
            gone.ok("on", at("/ws/ended/**"));
            gone.close();
            try (WireClient watcher = WireClient.connect(RUNTIME.port())) {
                watcher.ok("on", at("/ws/ended/**"));
                ObjectNode set = at("/ws/ended/a");
                set.putObject("data").put("v", 1);
                writer.ok("set", set);
                assertEquals("/ws/ended/a", watcher.publication().get("event").get("path").asText());
            }
        }
    }

    @Test
    void badDataRequestsGetDistinctCodes() {
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            assertEquals("protocol.missing-field", client.error("set", object()));
            ObjectNode wildcard = at("/ws/*/x");
            wildcard.putObject("data").put("v", 1);
            assertEquals("data.wildcard-in-path", client.error("set", wildcard));
            ObjectNode badPath = at("no-slash");
            badPath.putObject("data").put("v", 1);
            assertEquals("data.invalid-path", client.error("set", badPath));
            ObjectNode unknownOption = at("/ws/x");
            unknownOption.putObject("data");
            unknownOption.putObject("options").put("mrege", true);
            assertEquals("data.invalid-option", client.error("set", unknownOption));
            ObjectNode badOperator = at("/ws/*");
            badOperator.putObject("options").putObject("criteria").putObject("n").put("$near", 1);
            assertEquals("data.unknown-operator", client.error("get", badOperator));
            ObjectNode badRegex = at("/ws/*");
            badRegex.putObject("options").putObject("criteria").putObject("n").put("$regex", "([");
            assertEquals("data.invalid-regex", client.error("get", badRegex));
            assertEquals("protocol.wrong-type", client.error("increment", at("/ws/c").put("field", "n").put("by", "two")));
            assertEquals("data.invalid-option", client.error("on", onWithBadEventType()));
        }
    }

    private static ObjectNode onWithBadEventType() {
        ObjectNode on = at("/ws/**");
        on.putObject("options").put("eventType", "sometimes");
        return on;
    }
}
