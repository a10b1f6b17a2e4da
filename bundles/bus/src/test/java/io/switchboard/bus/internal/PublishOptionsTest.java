package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Outgoing;

/** One rule for a publish's options, whether they came as headers or as JSON fields (a batch entry, a WebSocket publish, a schedule). */
class PublishOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHeaderAndAFieldAreTakenAlike() throws Exception {
        assertEquals(9, PublishOptions.priority("Bus-Priority", " 9 "));
        assertEquals(9, PublishOptions.priority("'priority'", json("9")));
        assertEquals(Outgoing.DEFAULT_PRIORITY, PublishOptions.priority("Bus-Priority", (String) null));
        assertEquals(Outgoing.DEFAULT_PRIORITY, PublishOptions.priority("'priority'", (JsonNode) null));
        assertEquals(1500, PublishOptions.delayMillis("Bus-Delay-Millis", "1500"));
        assertEquals(1500, PublishOptions.delayMillis("'delayMillis'", json("1500")));
        assertEquals("k", PublishOptions.text("Bus-Key", "k"));
        assertEquals("k", PublishOptions.text("'key'", json("\"k\"")));
        assertNull(PublishOptions.text("'dedupId'", json("null")));
    }

    @Test
    void aBadPriorityIsOneCodeAndOneMessageWhereverItCameFrom() throws Exception {
        refused(BusErrors.INVALID_PRIORITY, "Bus-Priority is a whole number from 0 to 9 (higher first), was '10'",
                () -> PublishOptions.priority("Bus-Priority", "10"));
        refused(BusErrors.INVALID_PRIORITY, "'priority' is a whole number from 0 to 9 (higher first), was 10",
                () -> PublishOptions.priority("'priority'", json("10")));
        refused(BusErrors.INVALID_PRIORITY, "'priority' is a whole number from 0 to 9 (higher first), was \"high\"",
                () -> PublishOptions.priority("'priority'", json("\"high\"")));
        refused(BusErrors.INVALID_PRIORITY, "'priority' is a whole number from 0 to 9 (higher first), was 1.5",
                () -> PublishOptions.priority("'priority'", json("1.5")));
        // 2^32 + 5: read as an int it was 5, and a schedule took it
        refused(BusErrors.INVALID_PRIORITY, "'priority' is a whole number from 0 to 9 (higher first), was 4294967301",
                () -> PublishOptions.priority("'priority'", json("4294967301")));
        refused(BusErrors.INVALID_PRIORITY, "Bus-Priority is a whole number from 0 to 9 (higher first), was 'x'",
                () -> PublishOptions.priority("Bus-Priority", "x"));
    }

    @Test
    void aBadDelayKeyOrDedupIdIsAnInvalidHeader() throws Exception {
        refused(BusErrors.INVALID_HEADER, "Bus-Delay-Millis is a whole number of milliseconds, 0 or more, was 'soon'",
                () -> PublishOptions.delayMillis("Bus-Delay-Millis", "soon"));
        refused(BusErrors.INVALID_HEADER, "'delayMillis' is a whole number of milliseconds, 0 or more, was -1",
                () -> PublishOptions.delayMillis("'delayMillis'", json("-1")));
        refused(BusErrors.INVALID_HEADER, "Bus-Key is a string of 1 to 256 characters", () -> PublishOptions.text("Bus-Key", ""));
        refused(BusErrors.INVALID_HEADER, "'key' is a string of 1 to 256 characters", () -> PublishOptions.text("'key'", json("\"\"")));
        refused(BusErrors.INVALID_HEADER, "'dedupId' is a string of 1 to 256 characters", () -> PublishOptions.text("'dedupId'", json("7")));
        refused(BusErrors.INVALID_HEADER, "'dedupId' is a string of 1 to 256 characters",
                () -> PublishOptions.text("'dedupId'", json("\"" + "d".repeat(257) + "\"")));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static void refused(String code, String message, Executable call) {
        SwitchboardException refused = assertThrows(SwitchboardException.class, call);
        assertEquals(code, refused.code());
        assertEquals(message, refused.getMessage());
    }
}
