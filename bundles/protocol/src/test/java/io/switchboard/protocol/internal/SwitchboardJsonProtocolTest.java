package io.switchboard.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;

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
