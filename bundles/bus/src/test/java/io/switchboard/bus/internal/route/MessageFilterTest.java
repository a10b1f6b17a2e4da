package io.switchboard.bus.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/** Filters over payloads: JSONPath selections, regex on the selected fields, and each way a filter is refused. */
class MessageFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MessageFilter filter(String json) throws Exception {
        return MessageFilter.parse(JSON.readTree(json));
    }

    private static boolean matches(String filter, String payload) throws Exception {
        return filter(filter).test(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPathMatchesWhenItSelectsSomethingNotNull() throws Exception {
        assertTrue(matches("{\"jsonPath\": \"$.type\"}", "{\"type\": \"order\"}"));
        assertFalse(matches("{\"jsonPath\": \"$.type\"}", "{\"kind\": \"order\"}"), "nothing selected");
        assertFalse(matches("{\"jsonPath\": \"$.type\"}", "{\"type\": null}"), "null is not a match");
        assertTrue(matches("{\"jsonPath\": \"$.items[?(@.price > 100)]\"}", "{\"items\": [{\"price\": 5}, {\"price\": 150}]}"));
        assertFalse(matches("{\"jsonPath\": \"$.items[?(@.price > 100)]\"}", "{\"items\": [{\"price\": 5}]}"));
        assertTrue(matches("{\"jsonPath\": \"$[?(@.total >= 10 && @.currency == 'EUR')]\"}", "{\"total\": 12, \"currency\": \"EUR\"}"));
        assertFalse(matches("{\"jsonPath\": \"$.type\"}", "not json"), "a payload that is not JSON matches nothing");
    }

    @Test
    void aRegexMatchesTheSelectedScalars() throws Exception {
        String filter = "{\"jsonPath\": \"$.customer.name\", \"regex\": \"^ada\", \"flags\": \"i\"}";
        assertTrue(matches(filter, "{\"customer\": {\"name\": \"Ada Lovelace\"}}"));
        assertFalse(matches(filter, "{\"customer\": {\"name\": \"Grace Hopper\"}}"));
        assertTrue(matches("{\"jsonPath\": \"$.tags[*]\", \"regex\": \"^urgent$\"}", "{\"tags\": [\"low\", \"urgent\"]}"));
        assertTrue(matches("{\"jsonPath\": \"$.n\", \"regex\": \"^4[0-9]$\"}", "{\"n\": 42}"), "numbers as their text");
        assertFalse(matches("{\"jsonPath\": \"$.o\", \"regex\": \".\"}", "{\"o\": {\"a\": 1}}"), "objects have no text to match");
        assertTrue(matches("{\"jsonPath\": \"$.n\", \"regex\": \"^4[0-9]{1,2}$\"}", "{\"n\": 42}"), "a small counted repetition");
    }

    @Test
    void badFiltersAreRefusedWithTheirCode() {
        assertCode(BusErrors.INVALID_FILTER, "[]");
        assertCode(BusErrors.INVALID_FILTER, "{}");
        assertCode(BusErrors.INVALID_FILTER, "{\"jsonPath\": \"$.a\", \"other\": 1}");
        assertCode(BusErrors.INVALID_FILTER, "{\"jsonPath\": \"$.a\", \"flags\": \"i\"}");
        assertCode(BusErrors.INVALID_JSON_PATH, "{\"jsonPath\": \"$.a[?(@.b ==\"}");
        assertCode(BusErrors.INVALID_JSON_PATH, "{\"jsonPath\": \"$[?(@.name =~ /(a+)+$/)]\"}");
        assertCode(BusErrors.INVALID_JSON_PATH, "{\"jsonPath\": \"$." + "a".repeat(MessageFilter.MAX_PATH_CHARS) + "\"}");
        assertCode(BusErrors.INVALID_REGEX, "{\"jsonPath\": \"$.a\", \"regex\": \"(a\"}");
        assertCode(BusErrors.INVALID_REGEX, "{\"jsonPath\": \"$.a\", \"regex\": \"(a)\\\\1\"}");
        assertCode(BusErrors.INVALID_REGEX, "{\"jsonPath\": \"$.a\", \"regex\": \"((a{100}){100}){100}\"}");
        assertCode(BusErrors.INVALID_REGEX, "{\"jsonPath\": \"$.a\", \"regex\": \"" + "a".repeat(MessageFilter.REGEX_BOUNDS.maxChars() + 1) + "\"}");
        assertCode(BusErrors.INVALID_REGEX, "{\"jsonPath\": \"$.a\", \"regex\": \"a\", \"flags\": \"q\"}");
    }

    @Test
    void aCatastrophicPatternMatchesInLinearTime() throws Exception {
        MessageFilter filter = filter("{\"jsonPath\": \"$.s\", \"regex\": \"(a+)+$\"}");
        JsonNode payload = JSON.createObjectNode().put("s", "a".repeat(100_000) + "!");
        long started = System.nanoTime();
        assertFalse(filter.test(payload));
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "a backtracking engine would not finish");
    }

    @Test
    void aFilterShowsWhatItWasGiven() throws Exception {
        assertEquals(JSON.readTree("{\"jsonPath\": \"$.a\", \"regex\": \"x\"}"), filter("{\"jsonPath\": \"$.a\", \"regex\": \"x\"}").json());
    }

    private static void assertCode(String code, String filter) {
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> filter(filter));
        assertEquals(code, e.code(), e.getMessage());
    }
}
