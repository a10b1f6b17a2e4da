package io.switchboard.bus.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.PublishOptions;
import io.switchboard.system.json.JsonLimits;

/**
 * The bodies of the batch routes (docs/bus.md, batches): {@code {"messages": [{"payload", "priority"?,
 * "key"?, "dedupId"?, "delayMillis"?}]}} to publish, {@code {"ids": [...]}} to ack or nack. An entry's
 * options are checked by {@link PublishOptions}, as the headers they stand for are; the error names the entry.
 * <p>
 * A body is read in one pass over its bytes, and each payload is kept as the JSON text it came as, less
 * the blanks between its tokens: no tree per message. Anything but a well-formed batch of known fields
 * is read again as a tree by the checks below, so that every refusal is worded (and ordered) in one place.
 */
final class Batches {

    private static final List<String> ENTRY_FIELDS = List.of("payload", "priority", "key", "dedupId", "delayMillis");
    /** An option's value, read from where the parser stands (the runtime's reader refuses what follows a value: here, the next field). */
    private static final ObjectReader OPTION = JsonLimits.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Batches() {
    }

    /** The messages of a batch publish's body, each checked; 1 to {@code maxEntries} of them, else the bus's refusal. */
    static List<Outgoing> messages(byte[] body, BusCore bus) {
        List<Outgoing> messages = body.length <= JsonLimits.maxStringChars() ? fastMessages(body, bus.maxBatchMessages()) : null;
        if (messages != null) {
            return messages;
        }
        ArrayNode entries = array(HttpIo.json(body, "the batch"), "messages", "the batch");
        bus.checkBatch(entries.size());
        return messages(entries);
    }

    /** The ids of a batch ack or nack's body; 1 to {@code maxEntries} of them, else the bus's refusal. */
    static List<String> ids(byte[] body, BusCore bus) {
        List<String> ids = fastIds(body, bus.maxBatchMessages());
        if (ids != null) {
            return ids;
        }
        ArrayNode entries = array(HttpIo.json(body, "the message ids"), "ids", "the message ids");
        bus.checkBatch(entries.size());
        return ids(entries);
    }

    /** A well-formed batch publish of 1 to {@code max} entries read in one pass, or null for anything else. */
    static List<Outgoing> fastMessages(byte[] body, int max) {
        try (JsonParser json = JsonLimits.factory().createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT || !"messages".equals(json.nextFieldName()) || json.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<Outgoing> messages = new ArrayList<>();
            while (json.nextToken() == JsonToken.START_OBJECT) {
                Outgoing message = fastEntry(json, body);
                if (message == null || messages.size() == max) {
                    return null;
                }
                messages.add(message);
            }
            return json.currentToken() == JsonToken.END_ARRAY && json.nextToken() == JsonToken.END_OBJECT && json.nextToken() == null
                    && !messages.isEmpty() ? messages : null;
        } catch (IOException | SwitchboardException | IllegalArgumentException e) {
            return null; // said by the tree's checks, in their words
        }
    }

    /** An entry from its START_OBJECT to its END_OBJECT, or null when it is not a good one. */
    private static Outgoing fastEntry(JsonParser json, byte[] body) throws IOException {
        byte[] payload = null;
        JsonNode priority = null;
        JsonNode key = null;
        JsonNode dedupId = null;
        JsonNode delayMillis = null;
        JsonToken token = json.nextToken();
        while (token == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals("payload")) {
                long start = json.currentTokenLocation().getByteOffset();
                json.skipChildren();
                token = json.nextToken(); // the next field's name or the entry's end: the payload's text ends before it
                payload = RawPayload.compact(body, (int) start, (int) json.currentTokenLocation().getByteOffset());
                continue;
            }
            JsonNode value = OPTION.readTree(json);
            switch (field) {
                case "priority" -> priority = value;
                case "key" -> key = value;
                case "dedupId" -> dedupId = value;
                case "delayMillis" -> delayMillis = value;
                default -> {
                    return null;
                }
            }
            token = json.nextToken();
        }
        return token == JsonToken.END_OBJECT && payload != null ? entry(payload, priority, key, dedupId, delayMillis) : null;
    }

    /** A well-formed {@code {"ids": [strings]}} of 1 to {@code max} read in one pass, or null for anything else. */
    static List<String> fastIds(byte[] body, int max) {
        try (JsonParser json = JsonLimits.factory().createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT || !"ids".equals(json.nextFieldName()) || json.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<String> ids = new ArrayList<>();
            while (json.nextToken() == JsonToken.VALUE_STRING) {
                if (ids.size() == max) {
                    return null;
                }
                ids.add(json.getText());
            }
            return json.currentToken() == JsonToken.END_ARRAY && json.nextToken() == JsonToken.END_OBJECT && json.nextToken() == null
                    && !ids.isEmpty() ? ids : null;
        } catch (IOException e) {
            return null;
        }
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
        return entry(HttpIo.compact(payload), fields.get("priority"), fields.get("key"), fields.get("dedupId"), fields.get("delayMillis"));
    }

    /** An entry's message from its payload's text and its options' values (each null when absent). */
    private static Outgoing entry(byte[] payload, JsonNode priority, JsonNode key, JsonNode dedupId, JsonNode delayMillis) {
        return new Outgoing(payload, PublishOptions.priority("'priority'", priority), PublishOptions.text("'key'", key),
                PublishOptions.text("'dedupId'", dedupId), PublishOptions.delayMillis("'delayMillis'", delayMillis), Map.of());
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
