package io.switchboard.system.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsonLimitsTest {

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void readsADocumentAtTheDepthLimit() throws Exception {
        JsonNode node = JsonLimits.mapper().readTree(nested(JsonLimits.maxDepth()));
        assertEquals(JsonLimits.maxDepth(), JsonLimits.depth(node));
        assertTrue(JsonLimits.withinDepth(node));
    }

    @Test
    void refusesADocumentOneLevelDeeper() {
        assertThrows(StreamConstraintsException.class, () -> JsonLimits.mapper().readTree(nested(JsonLimits.maxDepth() + 1)));
    }

    @Test
    void refusesWhatFollowsTheFirstValue() {
        assertThrows(JsonProcessingException.class, () -> JsonLimits.mapper().readTree("{\"a\":1} {\"b\":2}"));
        assertThrows(JsonProcessingException.class, () -> JsonLimits.mapper().readTree("{\"a\":1} x"));
    }

    @Test
    void refusesInvalidUtf8InBytes() {
        byte[] bytes = "{\"a\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        bytes[6] = (byte) 0xC3; // a lead byte followed by '"', not a continuation byte
        assertThrows(JsonProcessingException.class, () -> JsonLimits.mapper().readTree(bytes));
    }

    @Test
    void refusesDuplicateKeys() {
        assertThrows(JsonProcessingException.class, () -> JsonLimits.mapper().readTree("{\"a\":1,\"a\":2}"));
    }

    @Test
    void measuresTreesBuiltInCodeWithoutRecursion() {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode current = root;
        for (int i = 1; i < 100_000; i++) {
            current = current.addArray();
        }
        assertFalse(JsonLimits.withinDepth(root));
        assertEquals(0, JsonLimits.depth(JsonNodeFactory.instance.textNode("x")));
        assertEquals(1, JsonLimits.depth(JsonNodeFactory.instance.objectNode()));
    }

    @Test
    void measuresFlatAndNestedDocumentsAlike() {
        ObjectNode flat = JsonNodeFactory.instance.objectNode().put("a", 1).put("b", "x");
        assertEquals(1, JsonLimits.depth(flat));
        flat.putObject("c").putArray("d").add(1);
        assertEquals(3, JsonLimits.depth(flat));
        assertEquals(2, JsonLimits.depth(JsonNodeFactory.instance.arrayNode().add(1).add(JsonNodeFactory.instance.arrayNode())));
    }
}
