package io.switchboard.bus.internal.ws;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/**
 * The fields of the bus's WebSocket actions: a missing one is {@code protocol.missing-field}, a
 * mistyped one {@code protocol.wrong-type} (as for every action, docs/protocol.md); unknown options
 * are refused by name.
 */
final class WireFields {

    private WireFields() {
    }

    static String text(ObjectNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || value.isNull()) {
            throw new SwitchboardException("protocol.missing-field", "the request has no '" + field + "'");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new SwitchboardException("protocol.wrong-type", "'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    static String optionalText(JsonNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new SwitchboardException("protocol.wrong-type", "'" + field + "' must be a string");
        }
        return value.asText();
    }

    static long number(JsonNode params, String field, long fallback) {
        JsonNode value = params.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new SwitchboardException("protocol.wrong-type", "'" + field + "' must be a whole number");
        }
        return value.asLong();
    }

    static JsonNode required(ObjectNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null) {
            throw new SwitchboardException("protocol.missing-field", "the request has no '" + field + "'");
        }
        return value;
    }

    /** The {@code options} object (or an empty one), with only the names given. */
    static JsonNode options(ObjectNode params, Set<String> known) {
        JsonNode options = params.get("options");
        if (options == null || options.isNull()) {
            return params.objectNode();
        }
        if (!options.isObject()) {
            throw new SwitchboardException("protocol.wrong-type", "'options' must be an object");
        }
        for (String name : (Iterable<String>) options::fieldNames) {
            if (!known.contains(name)) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "unknown option '" + BusErrors.shown(name) + "'; the options are "
                        + known.stream().sorted().toList());
            }
        }
        return options;
    }
}
