package io.switchboard.bus.internal;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Discipline;
import io.switchboard.bus.Overflow;
import io.switchboard.bus.TopicSettings;

/**
 * Topic settings as JSON, both ways. A field left out keeps its current value (its default for a
 * new topic); an unknown field, a wrong type or a value out of its bounds is refused by name.
 */
final class SettingsJson {

    static final List<String> FIELDS = List.of("discipline", "driver", "maxLength", "overflow", "retentionMillis", "ackTimeoutMillis",
            "maxDeliveries", "deadLetter", "dedupWindowMillis");

    /** Bounds the settings are checked against (the bus's configuration). */
    record Bounds(int maxLength, long minAckTimeoutMillis, long maxAckTimeoutMillis, int maxDeliveries, long maxDedupWindowMillis, Set<String> drivers) {
    }

    private SettingsJson() {
    }

    static TopicSettings read(String topic, JsonNode json, TopicSettings current, Bounds bounds) {
        if (!(json instanceof ObjectNode object)) {
            throw new SwitchboardException(BusErrors.INVALID_SETTING, "send the topic's settings as a JSON object, for example {\"discipline\": \"fifo\"}");
        }
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new SwitchboardException(BusErrors.INVALID_SETTING, "unknown setting '" + BusErrors.shown(field) + "'; the settings are " + FIELDS);
            }
        }
        Discipline discipline = object.has("discipline") ? Discipline.of(text(object, "discipline")) : current.discipline();
        String driver = object.has("driver") ? text(object, "driver") : current.driver();
        if (!bounds.drivers().contains(driver)) {
            throw new SwitchboardException(BusErrors.INVALID_DRIVER, "unknown driver '" + BusErrors.shown(driver) + "'; the drivers running are "
                    + bounds.drivers().stream().sorted().toList());
        }
        Overflow overflow = object.has("overflow") ? Overflow.of(text(object, "overflow")) : current.overflow();
        int maxLength = (int) number(object, "maxLength", current.maxLength(), 1, bounds.maxLength());
        long retention = number(object, "retentionMillis", current.retentionMillis(), 0, Long.MAX_VALUE / 4);
        long ackTimeout = number(object, "ackTimeoutMillis", current.ackTimeoutMillis(), bounds.minAckTimeoutMillis(), bounds.maxAckTimeoutMillis());
        int maxDeliveries = (int) number(object, "maxDeliveries", current.maxDeliveries(), 1, bounds.maxDeliveries());
        long dedupWindow = number(object, "dedupWindowMillis", current.dedupWindowMillis(), 0, bounds.maxDedupWindowMillis());
        String deadLetter = current.deadLetter();
        if (object.has("deadLetter")) {
            JsonNode value = object.get("deadLetter");
            deadLetter = value.isNull() ? null : Names.topic(text(object, "deadLetter"));
            if (topic.equals(deadLetter)) {
                throw new SwitchboardException(BusErrors.INVALID_SETTING, "'deadLetter' names the topic itself; name another topic, or null");
            }
        }
        return new TopicSettings(discipline, driver, maxLength, overflow, retention, ackTimeout, maxDeliveries, deadLetter, dedupWindow);
    }

    private static String text(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (!value.isTextual()) {
            throw new SwitchboardException(BusErrors.INVALID_SETTING, "'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static long number(ObjectNode object, String field, long current, long min, long max) {
        JsonNode value = object.get(field);
        if (value == null) {
            return current;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new SwitchboardException(BusErrors.INVALID_SETTING, "'" + field + "' must be a whole number from " + min + " to " + max + ", was "
                    + BusErrors.shown(value.toString()));
        }
        return value.asLong();
    }

    static ObjectNode write(TopicSettings settings) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("discipline", settings.discipline().settingName());
        json.put("driver", settings.driver());
        json.put("maxLength", settings.maxLength());
        json.put("overflow", settings.overflow().settingName());
        json.put("retentionMillis", settings.retentionMillis());
        json.put("ackTimeoutMillis", settings.ackTimeoutMillis());
        json.put("maxDeliveries", settings.maxDeliveries());
        if (settings.deadLetter() == null) {
            json.putNull("deadLetter");
        } else {
            json.put("deadLetter", settings.deadLetter());
        }
        json.put("dedupWindowMillis", settings.dedupWindowMillis());
        return json;
    }
}
