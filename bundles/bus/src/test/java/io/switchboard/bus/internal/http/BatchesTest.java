package io.switchboard.bus.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.switchboard.bus.Outgoing;

/** A batch body read in one pass gives what the tree's reading gave; anything else is left to the tree's checks. */
class BatchesTest {

    private static List<Outgoing> fast(String body, int max) {
        return Batches.fastMessages(body.getBytes(StandardCharsets.UTF_8), max);
    }

    private static String payload(Outgoing message) {
        return new String(message.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void eachEntrysPayloadAndOptionsAreReadInAnyOrder() {
        List<Outgoing> messages = fast("""
                { "messages" : [
                  {"payload": {"t": 1, "s": "a, b}"}},
                  { "priority" : 7, "payload" : [ 1 , "x" ] , "key": "k"},
                  {"dedupId": "d", "delayMillis": 5, "payload": "just \\" text"},
                  {"payload":12.50,"priority":null},
                  {"payload": null },
                  {"key": "last", "payload": true}
                ] }
                """, 10);
        assertEquals(List.of("{\"t\":1,\"s\":\"a, b}\"}", "[1,\"x\"]", "\"just \\\" text\"", "12.50", "null", "true"),
                messages.stream().map(BatchesTest::payload).toList());
        assertEquals(7, messages.get(1).priority());
        assertEquals("k", messages.get(1).key());
        assertEquals("d", messages.get(2).dedupId());
        assertEquals(5, messages.get(2).delayMillis());
        assertEquals(Outgoing.DEFAULT_PRIORITY, messages.get(3).priority(), "a null priority is the default, as before");
        assertEquals("last", messages.get(5).key());
    }

    @Test
    void anythingButAGoodBatchIsLeftToTheTreesChecks() {
        for (String body : List.of("", "[]", "{}", "{\"messages\": []}", "{\"messages\": [1]}", "{\"messages\": [{\"payload\": 1}], \"more\": 1}",
                "{\"messages\": [{\"priority\": 1}]}", "{\"messages\": [{\"payload\": 1, \"colour\": \"red\"}]}",
                "{\"messages\": [{\"payload\": 1, \"priority\": 10}]}", "{\"messages\": [{\"payload\": 1, \"key\": \"\"}]}",
                "{\"messages\": [{\"payload\": 1, \"payload\": 2}]}", "{\"messages\": [{\"payload\": 1}]} x", "{\"messages\": [{\"payload\": }]}",
                "{\"messages\": [{\"payload\": 1}, {\"payload\": 2}, {\"payload\": 3}]}")) {
            assertNull(fast(body, 2), body);
        }
    }

    @Test
    void idsAreReadInOnePassAndAnythingElseIsLeftToTheTreesChecks() {
        assertEquals(List.of("jobs~1", "jobs~2"), Batches.fastIds(" {\"ids\": [ \"jobs~1\" ,\"jobs~2\"] } ".getBytes(StandardCharsets.UTF_8), 5));
        for (String body : List.of("", "{\"ids\": []}", "{\"ids\": [1]}", "{\"ids\": [\"a\"], \"x\": 1}", "{\"ids\": [\"a\", \"b\", \"c\"]}", "{\"ids\": \"a\"}")) {
            assertNull(Batches.fastIds(body.getBytes(StandardCharsets.UTF_8), 2), body);
        }
    }
}
