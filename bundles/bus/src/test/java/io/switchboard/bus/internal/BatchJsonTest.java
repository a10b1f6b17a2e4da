package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;

/** A batch's answer: one entry per message in order, written without a tree; the WebSocket's tree is the same JSON. */
class BatchJsonTest {

    @Test
    void aPublishAnswersEachEntryWithItsIdOrItsError() {
        List<BusCore.BatchResult> results = List.of(new BusCore.BatchResult(new Bus.Published("jobs~1", false), null),
                new BusCore.BatchResult(null, new SwitchboardException(BusErrors.TOPIC_FULL, "the topic \"jobs\" is full")),
                new BusCore.BatchResult(new Bus.Published("jobs~1", true), null));
        String expected = "{\"messages\":[{\"id\":\"jobs~1\",\"duplicate\":false},{\"error\":{\"code\":\"" + BusErrors.TOPIC_FULL
                + "\",\"message\":\"the topic \\\"jobs\\\" is full\"}},{\"id\":\"jobs~1\",\"duplicate\":true}]}";
        assertEquals(expected, new String(BatchJson.publishedBytes(results), StandardCharsets.UTF_8));
        assertEquals(expected, BatchJson.published(results).toString());
    }

    @Test
    void anAckAnswersEachIdAlone() {
        List<SwitchboardException> refusals = Arrays.asList(null, new SwitchboardException(BusErrors.ALREADY_ACKED, "acked before"));
        String expected = "{\"messages\":[{\"id\":\"jobs~1\",\"acked\":true},{\"id\":\"jobs~2\",\"error\":{\"code\":\"" + BusErrors.ALREADY_ACKED
                + "\",\"message\":\"acked before\"}}]}";
        assertEquals(expected, new String(BatchJson.settledBytes(List.of("jobs~1", "jobs~2"), refusals, "acked"), StandardCharsets.UTF_8));
        assertEquals(expected, BatchJson.settled(List.of("jobs~1", "jobs~2"), refusals, "acked").toString());
    }
}
