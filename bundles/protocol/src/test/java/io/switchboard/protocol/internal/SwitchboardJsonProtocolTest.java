package io.switchboard.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.system.json.JsonLimits;

class SwitchboardJsonProtocolTest {

    private final SwitchboardJsonProtocol protocol = new SwitchboardJsonProtocol();

    @Test
    void aRequestKeepsItsIdActionAndFields() {
        Request request = protocol.decode("{\"id\":7,\"action\":\"set\",\"path\":\"/a\",\"data\":{\"x\":1}}");
        assertEquals(new IntNode(7), request.id());
        assertEquals("set", request.action());
        assertEquals("/a", request.params().get("path").asText());
        assertEquals(1, request.params().get("data").get("x").asInt());
        assertNull(request.params().get("id"));
        assertEquals("switchboard.v1", protocol.subprotocol());
    }

    @Test
    void stringIdsAreEchoedAsStrings() {
        Request request = protocol.decode("{\"id\":\"r-1\",\"action\":\"ping\"}");
        assertEquals("{\"id\":\"r-1\",\"ok\":true,\"result\":\"pong\"}",
                protocol.encode(new Outbound.Response(request.id(), new TextNode("pong"))));
    }

    @Test
    void everyBadFrameHasItsOwnCode() {
        assertEquals("protocol.malformed", code("{nope"));
        assertEquals("protocol.malformed", code("[1,2]"));
        assertEquals("protocol.malformed", code(""));
        assertEquals("protocol.missing-field", code("{\"action\":\"get\"}"));
        assertEquals("protocol.wrong-type", code("{\"id\":{},\"action\":\"get\"}"));
        assertEquals("protocol.wrong-type", code("{\"id\":1.5,\"action\":\"get\"}"));
        assertEquals("protocol.missing-field", code("{\"id\":1}"));
        assertEquals("protocol.wrong-type", code("{\"id\":1,\"action\":3}"));
    }

    @Test
    void aFrameMustHoldExactlyOneValueWithinTheLimits() {
        assertEquals("protocol.malformed", code("{\"id\":1,\"action\":\"ping\"} {\"id\":2,\"action\":\"ping\"}"));
        assertEquals("protocol.malformed", code("{\"id\":1,\"action\":\"ping\"}xyz"));
        assertEquals("protocol.malformed", code("{\"id\":1,\"action\":\"ping\",\"n\":" + "9".repeat(200) + "}"));
        assertEquals("protocol.malformed", code("{\"id\":1,\"id\":2,\"action\":\"ping\"}"));
        assertEquals("protocol.too-deep", code(deepFrame(JsonLimits.maxDepth())));
        // exactly at the limit: the frame's own object is one level
        assertEquals("ping", protocol.decode("{\"id\":1,\"action\":\"ping\",\"x\":" + "[".repeat(JsonLimits.maxDepth() - 1)
                + "]".repeat(JsonLimits.maxDepth() - 1) + "}").action());
    }

    private static String deepFrame(int depth) {
        return "{\"id\":\"deep-1\",\"action\":\"set\",\"path\":\"/a\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    @Test
    void aFrameRefusedForItsDepthIsAnsweredUnderItsIdAndInTheClientsTerms() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> protocol.decode(deepFrame(100_000)));
        assertEquals("protocol.too-deep", e.code());
        assertEquals(new TextNode("deep-1"), e.requestId(), "the id came before the deep part");
        assertTrue(e.getMessage().contains(JsonLimits.maxDepth() + " levels"), e.getMessage());
        for (String frame : new String[] {deepFrame(100_000), "{\"id\":1,\"id\":2}", "{\"id\":1} x", "{nope", "{\"a\":\"\\ud800\"" }) {
            String message = assertThrows(ProtocolException.class, () -> protocol.decode(frame)).getMessage();
            assertFalse(message.matches("(?s).*(com\\.fasterxml|java\\.|Exception|StreamReadConstraints|\\[Source).*"), message);
        }
    }

    @Test
    void anAnswerTooDeepToWriteBecomesAnErrorForTheSameRequest() {
        ArrayNode deep = JsonNodeFactory.instance.arrayNode();
        ArrayNode current = deep;
        for (int i = 0; i < 5_000; i++) {
            current = current.addArray();
        }
        String frame = protocol.encode(new Outbound.Response(new IntNode(9), deep));
        assertTrue(frame.startsWith("{\"id\":9,\"ok\":false,\"error\":{\"code\":\"protocol.too-deep\""), frame);
        String notice = protocol.encode(new Outbound.Publication("s-1", deep));
        assertTrue(notice.startsWith("{\"id\":null,\"ok\":false,\"error\":{\"code\":\"protocol.too-deep\""), notice);
        assertTrue(notice.contains("s-1"), notice);
    }

    @Test
    void anErrorAboutAReadableRequestCarriesItsId() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> protocol.decode("{\"id\":3}"));
        assertEquals(new IntNode(3), e.requestId());
    }

    @Test
    void errorsAndPublicationsHaveTheDocumentedShape() {
        assertEquals("{\"id\":null,\"ok\":false,\"error\":{\"code\":\"protocol.malformed\",\"message\":\"m\"}}",
                protocol.encode(new Outbound.Error(null, "protocol.malformed", "m")));
        assertEquals("{\"publication\":\"s1\",\"event\":{\"path\":\"/a\"}}",
                protocol.encode(new Outbound.Publication("s1", JsonNodeFactory.instance.objectNode().put("path", "/a"))));
    }

    private String code(String frame) {
        return assertThrows(ProtocolException.class, () -> protocol.decode(frame)).code();
    }
}
