package io.switchboard.bus.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.BusCore;

/**
 * The bodies of the batch routes (docs/bus.md, batches): {@code {"messages": [{"payload", "priority"?,
 * "key"?, "dedupId"?, "delayMillis"?}]}} to publish, {@code {"ids": [...]}} to ack or nack. An entry's
 * field is checked as the header it stands for is (same code); the error names the entry.
 */
final class Batches {

    private static final List<String> ENTRY_FIELDS = List.of("payload", "priority", "key", "dedupId", "delayMillis");

    private Batches() {
    }

    /** The array under {@code field} of the body, checked to be one; its size is the caller's to bound. */
    static ArrayNode array(JsonNode body, String field, String what) {
        JsonNode array = Params.object(body, what, List.of(field)).get(field);
        if (array == null || !array.isArray()) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "send " + what + " as {\"" + field + "\": [...]}");
        }
        return (ArrayNode) array;
    }

    /** The messages of a batch publish, each checked; the count is bounded before (the caller's {@code checkBatch}). */
    static List<Outgoing> messages(ArrayNode entries) {
        List<Outgoing> messages = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            try {
                messages.add(message(entries.get(i)));
            } catch (SwitchboardException e) {
                throw BusCore.inBatch(i, e);
            }
        }
        return messages;
    }

    private static Outgoing message(JsonNode entry) {
        ObjectNode fields = Params.object(entry, "a batch entry", ENTRY_FIELDS);
        JsonNode payload = fields.get("payload");
        if (payload == null) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "an entry has a 'payload' (any JSON value)");
        }
        int priority = Outgoing.DEFAULT_PRIORITY;
        JsonNode priorityField = fields.get("priority");
        if (priorityField != null) {
            if (!priorityField.isIntegralNumber() || priorityField.asLong() < 0 || priorityField.asLong() > Outgoing.MAX_PRIORITY) {
                throw new SwitchboardException(BusErrors.INVALID_PRIORITY, "'priority' is a whole number from 0 to 9 (higher first), was "
                        + BusErrors.shown(priorityField.toString()));
            }
            priority = priorityField.intValue();
        }
        long delay = 0;
        JsonNode delayField = fields.get("delayMillis");
        if (delayField != null) {
            if (!delayField.isIntegralNumber() || !delayField.canConvertToLong() || delayField.asLong() < 0) {
                throw new SwitchboardException(BusErrors.INVALID_HEADER, "'delayMillis' is a whole number of milliseconds, 0 or more, was "
                        + BusErrors.shown(delayField.toString()));
            }
            delay = delayField.asLong();
        }
        return new Outgoing(HttpIo.compact(payload), priority, text(fields, "key"), text(fields, "dedupId"), delay, Map.of());
    }

    private static String text(ObjectNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > Params.MAX_HEADER_CHARS) {
            throw new SwitchboardException(BusErrors.INVALID_HEADER, "'" + name + "' is a string of 1 to " + Params.MAX_HEADER_CHARS + " characters");
        }
        return value.asText();
    }

    /** The ids of a batch ack or nack, as strings; the count is bounded before. */
    static List<String> ids(ArrayNode entries) {
        List<String> ids = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).isTextual()) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "ids[" + i + "]: a message id is a string, as a lease or stream gave it");
            }
            ids.add(entries.get(i).asText());
        }
        return ids;
    }

    /** The batch routes take their options in the body: a publish header there is refused, not ignored. */
    static void noPublishHeaders(jakarta.servlet.http.HttpServletRequest request) {
        for (String header : List.of("Bus-Priority", "Bus-Key", "Bus-Dedup-Id", "Bus-Delay-Millis")) {
            if (request.getHeader(header) != null) {
                throw new SwitchboardException(BusErrors.INVALID_HEADER, header + " does not apply to a batch: each entry names its own"
                        + " priority, key, dedupId and delayMillis");
            }
        }
    }
}
