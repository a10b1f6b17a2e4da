package io.switchboard.bus.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/** A schedule's priority follows a publish's rule (PublishOptions). */
class ScheduleJsonTest {

    private static final Instant NOW = Instant.parse("2026-12-05T20:00:00Z");

    @Test
    void aPriorityPastAnIntIsRefusedNotWrapped() throws Exception {
        // 2^32 + 5 was read as an int, 5, and stored
        SwitchboardException refused = assertThrows(SwitchboardException.class, () -> read("{\"topic\": \"t\", \"payload\": 1, \"cron\": \"* * * * *\","
                + " \"priority\": 4294967301}"));
        assertEquals(BusErrors.INVALID_PRIORITY, refused.code());
        assertEquals("'priority' is a whole number from 0 to 9 (higher first), was 4294967301", refused.getMessage());
        assertEquals(7, read("{\"topic\": \"t\", \"payload\": 1, \"cron\": \"* * * * *\", \"priority\": 7}").priority());
    }

    private static Definition read(String json) throws Exception {
        return ScheduleJson.read("s", ScheduleJson.JSON.readTree(json), "admin", NOW, 1024);
    }
}
