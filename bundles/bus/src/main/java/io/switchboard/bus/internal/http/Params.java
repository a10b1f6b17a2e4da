package io.switchboard.bus.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.PublishOptions;
import io.switchboard.bus.internal.route.MessageFilter;
import jakarta.servlet.http.HttpServletRequest;

/** Query parameters, publish headers and small JSON bodies of the bus's routes, each checked by name. */
final class Params {

    /** The query parameter a token may come in (docs/protocol.md, HTTP); allowed on every route. */
    private static final String TOKEN = "access_token";
    private static final int MAX_IDS = 10_000;

    private Params() {
    }

    static int integer(HttpServletRequest request, String name, long fallback, long min, long max) {
        return integer(request, name, fallback, min, max, BusErrors.INVALID_PARAMETER);
    }

    static int integer(HttpServletRequest request, String name, long fallback, long min, long max, String code) {
        String value = request.getParameter(name);
        if (value == null) {
            return (int) fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
                return (int) number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new SwitchboardException(code, "'" + name + "' must be a whole number from " + Math.max(min, Integer.MIN_VALUE) + " to "
                + Math.min(max, Integer.MAX_VALUE) + ", was '" + BusErrors.shown(value) + "'");
    }

    static boolean bool(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "'" + name + "' is true or false, was '" + BusErrors.shown(value) + "'");
    }

    static void refuse(HttpServletRequest request, String name, String why) {
        if (request.getParameter(name) != null) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, why);
        }
    }

    /** The most characters of a {@code filter} query parameter: a filter's JSONPath (1,024) and regex (256) with room to spare. */
    static final int MAX_FILTER_CHARS = 2048;

    /**
     * The {@code filter} query parameter (a stream's), the JSON of a webhook's filter, or null.
     *
     * @throws SwitchboardException {@value BusErrors#INVALID_FILTER} for text that is not JSON or too long; the filter's own codes
     */
    static MessageFilter filter(HttpServletRequest request) {
        String text = request.getParameter("filter");
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_FILTER_CHARS) {
            throw new SwitchboardException(BusErrors.INVALID_FILTER, "'filter' is at most " + MAX_FILTER_CHARS + " characters");
        }
        JsonNode json;
        try {
            json = HttpIo.JSON.readTree(text);
        } catch (IOException e) {
            throw new SwitchboardException(BusErrors.INVALID_FILTER, "'filter' is a JSON object {\"jsonPath\", \"regex\"?, \"flags\"?}");
        }
        return MessageFilter.parse(json);
    }

    /** Refuses any query parameter but these (and a token). */
    static void only(HttpServletRequest request, List<String> allowed) {
        for (String name : request.getParameterMap().keySet()) {
            if (!allowed.contains(name) && !name.equals(TOKEN)) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "unknown query parameter '" + BusErrors.shown(name) + "'; this route takes " + allowed);
            }
        }
    }

    static ObjectNode object(JsonNode body, String what, List<String> fields) {
        if (!(body instanceof ObjectNode object)) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "send " + what + " as a JSON object with " + fields);
        }
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!fields.contains(field)) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "unknown field '" + BusErrors.shown(field) + "' in " + what + "; the fields are " + fields);
            }
        }
        return object;
    }

    static long number(ObjectNode object, String field, long fallback, long min, long max) {
        JsonNode value = object.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "'" + field + "' must be a whole number from " + min + " to " + max);
        }
        return value.asLong();
    }

    /** {@code {"ids": [...]}} as a list, or null (all) for no body. */
    static List<String> ids(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode ids = object(body, "the message ids", List.of("ids")).get("ids");
        if (ids == null) {
            return null;
        }
        if (!ids.isArray() || ids.size() > MAX_IDS) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "'ids' is an array of at most " + MAX_IDS + " message ids");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "'ids' holds message ids, as strings");
            }
            list.add(id.asText());
        }
        return list;
    }

    /** A message to publish: the body is the payload, the {@code Bus-*} headers its options (checked by {@link PublishOptions}). */
    static Outgoing outgoing(HttpServletRequest request, int maxPayloadBytes) throws IOException {
        int priority = PublishOptions.priority("Bus-Priority", request.getHeader("Bus-Priority"));
        String key = PublishOptions.text("Bus-Key", request.getHeader("Bus-Key"));
        String dedupId = PublishOptions.text("Bus-Dedup-Id", request.getHeader("Bus-Dedup-Id"));
        long delay = PublishOptions.delayMillis("Bus-Delay-Millis", request.getHeader("Bus-Delay-Millis"));
        byte[] payload = HttpIo.payload(HttpIo.bytes(request, maxPayloadBytes), "the message's payload");
        return new Outgoing(payload, priority, key, dedupId, delay, Map.of());
    }
}
