package io.switchboard.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.system.json.JsonLimits;

/**
 * The streaming decoder says exactly what the tree decoder said ({@link TreeRequestReader}): for
 * every frame of a table, of every truncation of a few frames, and of seeded random mutations,
 * the same request (the same node types, the same field order) or the same code, message and id.
 */
class RequestReaderTest {

    private static final int DEPTH = JsonLimits.maxDepth();
    private static final SwitchboardJsonProtocol PROTOCOL = new SwitchboardJsonProtocol();
    private static final String[] VALID = {
        "{\"id\":1,\"action\":\"get\",\"path\":\"/bench/k1\"}",
        "{\"id\":\"r-1\",\"action\":\"set\",\"path\":\"/a/\u00e9\",\"data\":{\"n\":1,\"s\":\"x\\n\\u0041\\ud83d\\ude00\",\"b\":[true,false,null],"
                + "\"o\":{\"p\":{\"q\":[]}}},\"options\":{\"merge\":true}}",
        "{\"action\":\"on\",\"path\":\"/a/*\",\"id\":9223372036854775807,\"options\":{\"eventType\":\"set\",\"count\":2}}",
    };

    @Test
    void aTableOfFramesIsReadAsTheTreeDecoderReadIt() {
        List<String> frames = new ArrayList<>(List.of(VALID));
        frames.addAll(List.of(
                // not a request
                "", "   ", "null", "5", "\"x\"", "[1,2]", "[1,2", "[1,2] x", "true false", "{}", "{nope", "{\"id\":1,}",
                // ids and actions of every kind
                "{\"action\":\"get\"}", "{\"id\":null,\"action\":\"get\"}", "{\"id\":{},\"action\":\"get\"}", "{\"id\":[1],\"action\":\"get\"}",
                "{\"id\":1.5,\"action\":\"get\"}", "{\"id\":1e2,\"action\":\"get\"}", "{\"id\":true,\"action\":\"get\"}", "{\"id\":1}",
                "{\"id\":1,\"action\":null}", "{\"id\":1,\"action\":3}", "{\"id\":1,\"action\":{\"a\":1}}", "{\"id\":-0,\"action\":\"ping\"}",
                "{\"id\":2147483648,\"action\":\"ping\"}", "{\"id\":-9223372036854775809,\"action\":\"ping\"}", "{\"id\":\"\",\"action\":\"\"}",
                "{\"id\":\"\\u0000\",\"action\":\"a\\\"b\"}",
                // numbers as data: every node type the mapper picks
                numbers("0", "-0", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775809", "1.5", "-0.0", "0.1", "1e308", "1e400", "-1e400", "1E-400", "4.9e-324",
                        "123456789012345678901234567890.123456789", "9".repeat(99), "9".repeat(100), "1." + "1".repeat(98)),
                numbers("9".repeat(101)), numbers("1." + "1".repeat(100)), numbers("01"), numbers("NaN"), numbers("Infinity"),
                numbers("1.e3"), numbers("-"), numbers(".5"), numbers("0x10"),
                // exactly one value
                "{\"id\":1,\"action\":\"ping\"} {\"id\":2,\"action\":\"ping\"}", "{\"id\":1,\"action\":\"ping\"}xyz",
                "{\"id\":1,\"action\":\"ping\"} ]", "{\"id\":1,\"action\":\"ping\"} 5", "{\"id\":1,\"action\":\"ping\"}  \n\t ",
                // duplicate keys, at the top and inside
                "{\"id\":1,\"id\":2,\"action\":\"ping\"}", "{\"id\":1,\"action\":\"ping\",\"action\":\"get\"}",
                "{\"id\":1,\"action\":\"set\",\"data\":{\"a\":1,\"a\":2}}", "{\"action\":\"set\",\"x\":1,\"x\":2,\"id\":5}",
                // depth: at the limit, over it, a bomb; before and after the id
                framedAt(DEPTH - 1), framedAt(DEPTH), framedAt(100_000), "[".repeat(DEPTH + 1) + "]".repeat(DEPTH + 1),
                "{\"x\":" + "{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH) + ",\"id\":1,\"action\":\"ping\"}",
                "{\"id\":" + "[".repeat(DEPTH) + "]".repeat(DEPTH) + ",\"action\":\"ping\"}",
                // strings and text that is not JSON
                "{\"id\":1,\"action\":\"set\",\"data\":\"a\u0001b\"}", "{\"id\":1,\"action\":\"set\",\"data\":\"\\x\"}",
                "{\"id\":1,\"action\":\"set\",\"data\":\"\\ud800\"}", "{'id':1,'action':'ping'}", "{\"id\":1,/*c*/\"action\":\"ping\"}",
                "{\"id\":1,\"action\":\"ping\" // c\n}", "{id:1}", "{\"id\":1 \"action\":\"ping\"}", "{\"id\":1,\"action\":\"ping\"",
                "\ufeff{\"id\":1,\"action\":\"ping\"}"));
        frames.forEach(RequestReaderTest::sameAsTree);
    }

    @Test
    void everyTruncationOfAFrameFailsAsTheTreeDecoderFailed() {
        for (String frame : VALID) {
            byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < utf8.length; length++) {
                sameAsTree(Arrays.copyOf(utf8, length)); // cut inside a multi-byte character too
            }
        }
    }

    @Test
    void seededMutationsOfFramesAreReadAsTheTreeDecoderReadThem() {
        Random random = new Random(13);
        byte[] alphabet = "{}[]\":,0123456789.-+eE \\/truefalsnul\u00e9idaction".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 20_000; round++) {
            byte[] frame = VALID[round % VALID.length].getBytes(StandardCharsets.UTF_8);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(frame.length);
                byte with = alphabet[random.nextInt(alphabet.length)];
                frame = switch (random.nextInt(3)) {
                    case 0 -> replace(frame, at, with);
                    case 1 -> insert(frame, at, with);
                    default -> delete(frame, at);
                };
            }
            sameAsTree(frame);
        }
    }

    @Test
    void aStringOverTheLimitIsRefusedInTheSameWords() {
        sameAsTree("{\"id\":4,\"action\":\"set\",\"data\":\"" + "x".repeat(JsonLimits.maxStringChars() + 1) + "\"}");
    }

    @Test
    void theIdAndActionAreTakenOutAndTheFieldsKeepTheirOrder() {
        Request request = RequestReader.read(parser("{\"z\":1,\"action\":\"set\",\"a\":2,\"id\":7,\"m\":3}"));
        assertEquals(new IntNode(7), request.id());
        assertEquals("set", request.action());
        assertEquals("{\"z\":1,\"a\":2,\"m\":3}", request.params().toString());
    }

    @Test
    void aDepthBombAfterTheIdIsRefusedUnderThatId() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> RequestReader.read(parser(framedAt(100_000))));
        assertEquals("protocol.too-deep", e.code());
        assertEquals("deep-1", e.requestId().textValue());
    }

    private static String numbers(String... values) {
        StringBuilder frame = new StringBuilder("{\"id\":1,\"action\":\"set\",\"data\":[");
        for (int i = 0; i < values.length; i++) {
            frame.append(i == 0 ? "" : ",").append(values[i]);
        }
        return frame.append("],\"n\":").append(values[0]).append('}').toString();
    }

    private static String framedAt(int depth) {
        return "{\"id\":\"deep-1\",\"action\":\"set\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    private static void sameAsTree(String frame) {
        sameAsTree(frame.getBytes(StandardCharsets.UTF_8));
    }

    private static void sameAsTree(byte[] frame) {
        String shown = new String(frame, 0, Math.min(frame.length, 200), StandardCharsets.UTF_8);
        Object expected = outcome(() -> TreeRequestReader.read(frame));
        // as the protocol reads it: a parser that leaves repeated keys to RequestReader, then Jackson's for such a frame
        Object actual = outcome(() -> PROTOCOL.decode(frame, 0, frame.length));
        assertEquals(expected, actual, shown);
    }

    /** What a decoder made of a frame, comparable: the request with its node types, or the error as the client sees it. */
    private static Object outcome(java.util.function.Supplier<Request> decode) {
        try {
            Request request = decode.get();
            return List.of("request", typed(request.id()), request.action(), typed(request.params()), request.params().toString());
        } catch (ProtocolException e) {
            return List.of("error", e.code(), e.getMessage(), String.valueOf(typed(e.requestId())));
        } catch (RuntimeException e) {
            assertTrue(false, "a crash, not an error: " + e);
            return null;
        }
    }

    /** A node and, at every level, its Java class: an int read as a long would be another answer on the wire later. */
    private static Object typed(JsonNode node) {
        if (node == null) {
            return null;
        }
        List<Object> children = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                children.add(List.of(field.getKey(), String.valueOf(typed(field.getValue()))));
            }
        } else if (node.isArray()) {
            node.forEach(child -> children.add(String.valueOf(typed(child))));
        }
        return List.of(node.getClass().getSimpleName(), node.toString(), children);
    }

    private static com.fasterxml.jackson.core.JsonParser parser(String frame) {
        return parser(frame.getBytes(StandardCharsets.UTF_8));
    }

    private static com.fasterxml.jackson.core.JsonParser parser(byte[] frame) {
        try {
            return JsonLimits.factory().createParser(frame);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] replace(byte[] frame, int at, byte with) {
        byte[] changed = frame.clone();
        changed[at] = with;
        return changed;
    }

    private static byte[] insert(byte[] frame, int at, byte with) {
        byte[] changed = new byte[frame.length + 1];
        System.arraycopy(frame, 0, changed, 0, at);
        changed[at] = with;
        System.arraycopy(frame, at, changed, at + 1, frame.length - at);
        return changed;
    }

    private static byte[] delete(byte[] frame, int at) {
        byte[] changed = new byte[frame.length - 1];
        System.arraycopy(frame, 0, changed, 0, at);
        System.arraycopy(frame, at + 1, changed, at, frame.length - at - 1);
        return changed;
    }
}
