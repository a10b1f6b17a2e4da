package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.bus.Delivery;

/** A lease's SSE events, written by one generator with the payloads' bytes as they are, say what one event per message said. */
class DeliveryJsonTest {

    @Test
    void aLeasesEventsAreEachMessageAloneInTheEventFormat() {
        List<Delivery> leased = List.of(
                delivery("jobs~1", "{\"t\":1}", null, Map.of()),
                delivery("jobs~2", "[\"caf\u00e9 \u2603\", {\"n\": null}]", "customer-3", Map.of("b", "2", "a", "\"quoted\"")),
                delivery("jobs~3", "\"" + "x".repeat(9000) + "\"", null, Map.of())); // longer than the generator's buffer
        StringBuilder expected = new StringBuilder();
        for (Delivery delivery : leased) {
            expected.append("id: ").append(delivery.id()).append("\nevent: message\ndata: ")
                    .append(new String(DeliveryJson.delivery(delivery), StandardCharsets.UTF_8)).append("\n\n");
        }
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        DeliveryJson.events(events, leased);
        assertEquals(expected.toString(), events.toString(StandardCharsets.UTF_8));
        assertEquals("id: jobs~1\nevent: message\ndata: {\"id\":\"jobs~1\",\"payload\":{\"t\":1},\"priority\":4,\"deliveries\":1,\"publishedAt\":7,"
                + "\"topic\":\"jobs\",\"group\":\"g\"}\n\n", events.toString(StandardCharsets.UTF_8).substring(0, expected.indexOf("id: jobs~2")));
    }

    private static Delivery delivery(String id, String payload, String key, Map<String, String> headers) {
        return new Delivery(id, "jobs", "g", payload.getBytes(StandardCharsets.UTF_8), 4, key, 1, 7, false, headers);
    }
}
