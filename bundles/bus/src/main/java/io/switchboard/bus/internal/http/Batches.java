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
import io.switchboard.bus.internal.PublishOptions;

/**
 * The bodies of the batch routes (docs/bus.md, batches): {@code {"messages": [{"payload", "priority"?,
 * "key"?, "dedupId"?, "delayMillis"?}]}} to publish, {@code {"ids": [...]}} to ack or nack. An entry's
 * options are checked by {@link PublishOptions}, as the headers they stand for are; the error names the entry.
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
        return new Outgoing(HttpIo.compact(payload), PublishOptions.priority("'priority'", fields.get("priority")),
                PublishOptions.text("'key'", fields.get("key")), PublishOptions.text("'dedupId'", fields.get("dedupId")),
                PublishOptions.delayMillis("'delayMillis'", fields.get("delayMillis")), Map.of());
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
