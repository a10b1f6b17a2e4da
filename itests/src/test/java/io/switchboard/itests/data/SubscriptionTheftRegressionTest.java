package io.switchboard.itests.data;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 11 item 3, replayed with raw frames: another session's subscription could be cancelled
 * with {@code off}, and ids were sequential, so an attacker could name them.
 */
class SubscriptionTheftRegressionTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge");

    /** A set request for a path with a small document. */
    private static ObjectNode set(String path) {
        ObjectNode request = object().put("path", path);
        request.putObject("data").put("v", 1);
        return request;
    }

    @Test
    void anotherSessionsOffIsAnsweredAsForAnUnknownIdAndTheVictimKeepsReceiving() {
        try (WireClient victim = WireClient.connect(RUNTIME.port()); WireClient attacker = WireClient.connect(RUNTIME.port())) {
            String id = victim.ok("on", object().put("path", "/theft/**")).get("subscription").asText();

            JsonNode stolen = attacker.call("off", object().put("subscription", id));
            JsonNode unknown = attacker.call("off", object().put("subscription", "s-AAAAAAAAAAAAAAAAAAAAAA"));
            assertEquals(unknown.get("result"), stolen.get("result"), "no hint that the id exists: " + stolen);
            assertFalse(stolen.get("result").asBoolean());
            assertEquals(0, attacker.ok("offPattern", object().put("path", "/**")).get("removed").asInt());

            attacker.ok("set", set("/theft/a"));
            assertEquals("/theft/a", victim.publication().get("event").get("path").asText(), "the victim still receives");

            assertTrue(victim.ok("off", object().put("subscription", id)).asBoolean(), "its own session ends it");
            assertFalse(victim.ok("off", object().put("subscription", id)).asBoolean());
        }
    }

    @Test
    void idsCannotBeGuessedFromOnesOwn() {
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                String id = client.ok("on", object().put("path", "/guess/" + i)).get("subscription").asText();
                assertTrue(id.matches("s-[A-Za-z0-9_-]{22}"), "128 random bits, not a counter: " + id);
                ids.add(id.substring(0, 8));
            }
            assertTrue(ids.size() > 40, "ids made one after the other share no prefix to count from: " + ids);
        }
    }
}
