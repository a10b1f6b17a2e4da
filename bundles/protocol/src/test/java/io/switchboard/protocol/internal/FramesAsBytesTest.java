package io.switchboard.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.system.json.JsonLimits;

/** The byte path the transport uses says exactly what the text path says: same requests, same errors, same frames. */
class FramesAsBytesTest {

    private final SwitchboardJsonProtocol protocol = new SwitchboardJsonProtocol();

    @Test
    void aRequestReadFromPartOfAnArrayIsTheSameRequest() {
        byte[] frame = "{\"id\":7,\"action\":\"set\",\"path\":\"/\u00e9\",\"data\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[frame.length + 10];
        Arrays.fill(padded, (byte) '!'); // bytes around the frame belong to the transport's buffer, not to the frame
        System.arraycopy(frame, 0, padded, 5, frame.length);
        Request request = protocol.decode(padded, 5, frame.length);
        assertEquals(new IntNode(7), request.id());
        assertEquals("set", request.action());
        assertEquals("/\u00e9", request.params().get("path").asText());
    }

    @Test
    void everyBadFrameGetsTheSameCodeAndIdAsText() {
        String deep = "{\"id\":\"deep-1\",\"action\":\"ping\",\"x\":" + "[".repeat(JsonLimits.maxDepth()) + "]".repeat(JsonLimits.maxDepth()) + "}";
        for (String frame : new String[] {"{nope", "[1,2]", "", "{\"action\":\"get\"}", "{\"id\":{},\"action\":\"get\"}",
                "{\"id\":1}", "{\"id\":1,\"action\":\"ping\"} {\"id\":2}", "{\"id\":1,\"id\":2,\"action\":\"ping\"}",
                "{\"id\":1,\"action\":\"ping\",\"n\":" + "9".repeat(200) + "}", deep}) {
            ProtocolException text = assertThrows(ProtocolException.class, () -> protocol.decode(frame));
            byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
            ProtocolException bytes = assertThrows(ProtocolException.class, () -> protocol.decode(utf8, 0, utf8.length));
            assertEquals(text.code(), bytes.code(), frame);
            assertEquals(text.requestId(), bytes.requestId(), frame);
            assertEquals(text.getMessage(), bytes.getMessage(), frame);
        }
    }

    @Test
    void aPublicationEncodedOnceCarriesEachRecipientsOwnSubscriptionId() {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("path", "/a").put("n", 1);
        byte[] first = protocol.encodeBytes(new Outbound.Publication("s-1", event));
        byte[] second = protocol.encodeBytes(new Outbound.Publication("s-\"2\"", event)); // the same event object: written once
        assertEquals("{\"publication\":\"s-1\",\"event\":{\"path\":\"/a\",\"n\":1}}", new String(first, StandardCharsets.UTF_8));
        assertEquals("{\"publication\":\"s-\\\"2\\\"\",\"event\":{\"path\":\"/a\",\"n\":1}}", new String(second, StandardCharsets.UTF_8));
        first[first.length - 2] = '9'; // a recipient's frame is its own: changing it changes no other
        assertEquals("{\"publication\":\"s-1\",\"event\":{\"path\":\"/a\",\"n\":1}}",
                new String(protocol.encodeBytes(new Outbound.Publication("s-1", event)), StandardCharsets.UTF_8));
    }

    @Test
    void aChannelThatIsNotPlainAsciiIsEscapedAsJsonText() {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("n", 1);
        for (String channel : new String[] {"s\\1", "s\u00e91", "s\n1", "s\u007f1", "s\ud83d\ude001", ""}) {
            byte[] frame = protocol.encodeBytes(new Outbound.Publication(channel, event));
            JsonNode read = JsonInput.read(new String(frame, StandardCharsets.UTF_8), "the frame", SwitchboardJsonProtocol.CODES);
            assertEquals(channel, read.get("publication").textValue(), channel);
            assertEquals(event, read.get("event"), channel);
        }
    }

    @Test
    void answersAreTheSameBytesAsTheText() {
        Outbound answer = new Outbound.Response(new TextNode("r-1"), new TextNode("pong \u00e9"));
        assertArrayEquals(protocol.encode(answer).getBytes(StandardCharsets.UTF_8), protocol.encodeBytes(answer));
    }
}
