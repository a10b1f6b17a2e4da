package io.switchboard.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.protocol.Outbound;

/** Facts about an answer travel beside its result, as the frame's {@code meta}; an answer without any has no such field. */
class ResponseMetaTest {

    private final SwitchboardJsonProtocol protocol = new SwitchboardJsonProtocol();

    @Test
    void anAnswersMetaIsWrittenBesideItsResult() {
        assertEquals("{\"id\":7,\"ok\":true,\"result\":\"node-2\",\"meta\":{\"node\":\"node-2\"}}",
                protocol.encode(new Outbound.Response(new IntNode(7), new TextNode("node-2"), Map.of("node", "node-2"))));
    }

    @Test
    void anAnswerWithoutMetaIsWrittenAsBefore() {
        assertEquals("{\"id\":7,\"ok\":true,\"result\":\"pong\"}", protocol.encode(new Outbound.Response(new IntNode(7), new TextNode("pong"))));
        assertEquals("{\"id\":7,\"ok\":true,\"result\":\"pong\"}",
                protocol.encode(new Outbound.Response(new IntNode(7), new TextNode("pong"), Map.of())));
    }

    @Test
    void metaValuesAreEscapedAsJsonStrings() {
        assertEquals("{\"id\":1,\"ok\":true,\"result\":null,\"meta\":{\"a\":\"x\\\"y\",\"b\":\"z\"}}",
                protocol.encode(new Outbound.Response(new IntNode(1), com.fasterxml.jackson.databind.node.NullNode.getInstance(),
                        Map.of("b", "z", "a", "x\"y"))));
    }
}
