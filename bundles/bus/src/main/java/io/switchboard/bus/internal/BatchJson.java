package io.switchboard.bus.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;

/** A batch's answer, the same over HTTP and the WebSocket: {@code {"messages": [...]}}, one entry per message in order. */
public final class BatchJson {

    private BatchJson() {
    }

    /** A batch publish: {@code {"id", "duplicate"}} or {@code {"error": {"code", "message"}}} per entry. */
    public static ObjectNode published(List<BusCore.BatchResult> results) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = answer.putArray("messages");
        for (BusCore.BatchResult result : results) {
            ObjectNode entry = entries.addObject();
            if (result.refused() == null) {
                entry.put("id", result.published().id()).put("duplicate", result.published().duplicate());
            } else {
                error(entry, result.refused());
            }
        }
        return answer;
    }

    /**
     * A batch ack or nack: {@code {"id", "<done>": true}} or {@code {"id", "error": {...}}} per id.
     *
     * @param refusals per id, null where it was settled
     * @param done     {@code acked} or {@code nacked}
     */
    public static ObjectNode settled(List<String> ids, List<SwitchboardException> refusals, String done) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = answer.putArray("messages");
        for (int i = 0; i < ids.size(); i++) {
            ObjectNode entry = entries.addObject().put("id", ids.get(i));
            if (refusals.get(i) == null) {
                entry.put(done, true);
            } else {
                error(entry, refusals.get(i));
            }
        }
        return answer;
    }

    private static void error(ObjectNode entry, SwitchboardException refused) {
        entry.putObject("error").put("code", refused.code()).put("message", refused.getMessage());
    }
}
