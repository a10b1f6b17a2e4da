package io.switchboard.bus.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A payload is kept as the client wrote it, less the blanks between tokens; strings keep theirs. */
class RawPayloadTest {

    private static String of(String body) {
        byte[] payload = RawPayload.of(body.getBytes(StandardCharsets.UTF_8));
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void blanksBetweenTokensGoAndStringsKeepTheirs() {
        assertEquals("{\"a b\":[1,2.50,\"x, \\\" y\"],\"c\":{\"d\":null}}",
                of(" {\n\t\"a b\" : [ 1 , 2.50 , \"x, \\\" y\" ] ,\r\n \"c\": { \"d\" : null } } \n"));
        assertEquals("\"a \\\\\"", of("  \"a \\\\\"  "), "an escaped backslash ends before the closing quote");
        assertEquals("true", of("true"));
        assertEquals("1e3", of(" 1e3 "), "a number as written, not rewritten");
        assertEquals("\"\\u00e9 é\"", of("\"\\u00e9 é\""), "escapes and UTF-8 as written");
    }

    @Test
    void whatIsNotOneJsonValueIsLeftToTheTreesChecks() {
        assertNull(of(""));
        assertNull(of("   "));
        assertNull(of("{\"a\": 1} {}"), "more after the value");
        assertNull(of("{\"a\": }"));
        assertNull(of("{\"a\": 1, \"a\": 2}"), "a duplicate field");
        assertNull(of("[".repeat(1000) + "]".repeat(1000)), "deeper than the limit");
    }
}
