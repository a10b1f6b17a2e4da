package io.switchboard.bus.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.middleware.BusMessage;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** The topic setting schema: payloads checked against it with the violations named; schemas checked when set; kept across a restart. */
class TopicSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = "{\"type\": \"object\", \"required\": [\"id\", \"amount\"], \"properties\": {\"id\": {\"type\": \"string\"},"
            + " \"amount\": {\"type\": \"number\", \"minimum\": 0}}}";
    private DataServiceImpl data;
    private TopicSchemas schemas;

    @BeforeEach
    void start() {
        data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        schemas = new TopicSchemas(data);
    }

    private static BusMessage message(String topic, String payload) {
        return new BusMessage(topic, payload.getBytes(StandardCharsets.UTF_8), Map.of(), "alice");
    }

    @Test
    void aPayloadThatFollowsTheSchemaPassesAndOneThatDoesNotIsRefusedWithEachViolation() throws Exception {
        schemas.put("orders", JSON.readTree(ORDER));
        BusMessage good = message("orders", "{\"id\": \"a1\", \"amount\": 5}");
        assertSame(good, schemas.beforeStore(good));
        SwitchboardException refused = assertThrows(SwitchboardException.class, () -> schemas.beforeStore(message("orders", "{\"amount\": -1}")));
        assertEquals(BusErrors.SCHEMA_VIOLATION, refused.code());
        assertTrue(refused.getMessage().contains("id") && refused.getMessage().contains("amount") && refused.getMessage().contains(";"),
                refused.getMessage());
        BusMessage elsewhere = message("other", "{\"amount\": -1}");
        assertSame(elsewhere, schemas.beforeStore(elsewhere), "other topics are not checked");
    }

    @Test
    void aSchemaIsKeptAcrossARestartAndRemovedWithNull() throws Exception {
        schemas.put("orders", JSON.readTree(ORDER));
        TopicSchemas restarted = new TopicSchemas(data);
        assertEquals(JSON.readTree(ORDER), restarted.get("orders").orElseThrow());
        assertEquals(BusErrors.SCHEMA_VIOLATION, assertThrows(SwitchboardException.class, () -> restarted.beforeStore(message("orders", "[]"))).code());
        restarted.put("orders", JSON.nullNode());
        assertTrue(new TopicSchemas(data).get("orders").isEmpty());
    }

    @Test
    void anInvalidSchemaIsRefusedWithItsReason() {
        for (String schema : new String[] {"{\"type\": 5}", "{\"minimum\": \"zero\"}", "[1]", "\"string\"",
                "{\"$ref\": \"http://169.254.169.254/latest/meta-data\"}", "{\"properties\": {\"a\": {\"$ref\": \"file:///etc/passwd\"}}}",
                "{\"$schema\": \"http://json-schema.org/draft-04/schema#\"}"}) {
            SwitchboardException refused = assertThrows(SwitchboardException.class, () -> schemas.check(JSON.readTree(schema)), schema);
            assertEquals(BusErrors.INVALID_SCHEMA, refused.code(), schema);
        }
    }
}
