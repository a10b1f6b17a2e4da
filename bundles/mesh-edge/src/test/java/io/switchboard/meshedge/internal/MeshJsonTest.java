package io.switchboard.meshedge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;

class MeshJsonTest {

    private static JsonNode json(String text) throws Exception {
        return MeshJson.JSON.readTree(text);
    }

    private static String refused(String options) {
        return assertThrows(SwitchboardException.class, () -> MeshJson.callOptions(json(options))).code();
    }

    /** A result becomes the tree the mapper's valueToTree makes of it: the same node types, the same text, a tree copied. */
    @Test
    void aResultBecomesTheMappersTree() throws Exception {
        record Device(String name, int port) {
        }
        ObjectNode given = (ObjectNode) json("{\"a\":[1,2.5,\"x\"]}");
        List<Object> results = java.util.Arrays.asList(null, "1.0.0", "", true, false, 7, (short) 3, (byte) 2, Long.MAX_VALUE, 2.5, 1.5f,
                new java.math.BigDecimal("1.10"), java.math.BigInteger.TEN, List.of(1, "b"), Map.of("k", List.of()), new Device("d", 80),
                given, com.fasterxml.jackson.databind.node.TextNode.valueOf("t"), new com.fasterxml.jackson.databind.node.POJONode(new Device("p", 1)));
        for (Object result : results) {
            JsonNode expected = MeshJson.JSON.valueToTree(result);
            JsonNode tree = MeshJson.tree(result);
            assertEquals(expected, tree, String.valueOf(result));
            assertEquals(expected.getClass(), tree.getClass(), String.valueOf(result));
            assertEquals(MeshJson.JSON.writeValueAsString(expected), MeshJson.JSON.writeValueAsString(tree), String.valueOf(result));
        }
        JsonNode copy = MeshJson.tree(given);
        given.putArray("later");
        assertEquals(json("{\"a\":[1,2.5,\"x\"]}"), copy, "a tree given as a result is copied");
    }

    @Test
    void everyCallOptionMapsOntoCallOptions() throws Exception {
        assertEquals(CallOptions.defaults(), MeshJson.callOptions(null));
        assertEquals(CallOptions.defaults(), MeshJson.callOptions(json("{}")));
        assertEquals(CallOptions.defaults().roundRobin().range("^1.0.0").timeout(Duration.ofMillis(5000)),
                MeshJson.callOptions(json("{\"range\":\"^1.0.0\",\"route\":\"roundRobin\",\"timeoutMillis\":5000}")));
        assertEquals(CallOptions.defaults().sticky("k"), MeshJson.callOptions(json("{\"route\":\"sticky\",\"key\":\"k\"}")));
        assertEquals(CallOptions.defaults().preferLocal(), MeshJson.callOptions(json("{\"route\":\"preferLocal\"}")));
        assertEquals(CallOptions.defaults().lenient(), MeshJson.callOptions(json("{\"lenient\":true}")));
        assertEquals(CallOptions.defaults(), MeshJson.callOptions(json("{\"lenient\":false}")));
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertEquals("mesh.invalid-option", refused("{\"route\":\"nearest\"}"));
        assertEquals("mesh.invalid-option", refused("{\"timeout\":5}"));
        assertEquals("mesh.invalid-option", refused("{\"key\":\"k\"}"));
        assertEquals("protocol.missing-field", refused("{\"route\":\"sticky\"}"));
        assertEquals("protocol.wrong-type", refused("{\"timeoutMillis\":0}"));
        assertEquals("protocol.wrong-type", refused("{\"timeoutMillis\":1.5}"));
        assertEquals("protocol.wrong-type", refused("{\"range\":1}"));
        assertEquals("protocol.wrong-type", refused("[]"));
        assertEquals("protocol.wrong-type", refused("{\"lenient\":\"yes\"}"));
    }

    @Test
    void argumentsArePlainDataAndDefaultToNone() throws Exception {
        assertEquals(List.of(), MeshJson.arguments(null));
        assertEquals(List.of(Map.of("deviceId", "d1", "value", 99), "x", 2.5), MeshJson.arguments(json("[{\"deviceId\":\"d1\",\"value\":99},\"x\",2.5]")));
        assertEquals("protocol.wrong-type", assertThrows(SwitchboardException.class, () -> MeshJson.arguments(json("{\"a\":1}"))).code());
    }

    @Test
    void argumentsDeeperThanTheLimitAreRefusedBeforeTheyAreConverted() {
        com.fasterxml.jackson.databind.node.ArrayNode args = MeshJson.JSON.createArrayNode();
        com.fasterxml.jackson.databind.node.ArrayNode at = args;
        for (int i = 0; i < 100_000; i++) {
            at = at.addArray(); // deeper than any parser would accept: built in code, as a protocol plugin might hand it over
        }
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> MeshJson.arguments(args));
        assertEquals("mesh.bad-arguments", e.code());
    }

    @Test
    void fieldErrorsNameTheField() throws Exception {
        ObjectNode params = (ObjectNode) json("{\"component\":7,\"watch\":\"yes\"}");
        assertEquals("'component' must be a non-empty string",
                assertThrows(SwitchboardException.class, () -> MeshJson.requiredText(params, "component")).getMessage());
        assertEquals("the request has no 'method'",
                assertThrows(SwitchboardException.class, () -> MeshJson.requiredText(params, "method")).getMessage());
        SwitchboardException watch = assertThrows(SwitchboardException.class, () -> MeshJson.optionalBoolean(params, "watch"));
        assertEquals("protocol.wrong-type", watch.code());
        assertEquals("'watch' must be true or false", watch.getMessage());
        assertEquals(null, MeshJson.optionalBoolean(params, "absent"));
        assertEquals("'options.range' must be a string",
                assertThrows(SwitchboardException.class, () -> MeshJson.callOptions(json("{\"range\":1}"))).getMessage());
    }
}
