package io.switchboard.bus.schedule;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.internal.PublishOptions;

/** A schedule's JSON, both ways: the request's fields checked by name, and the document kept in the store. */
final class ScheduleJson {

    static final List<String> FIELDS = List.of("cron", "zone", "deliverAt", "topic", "payload", "headers", "priority", "missed");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final int MAX_HEADERS = 32;
    private static final int MAX_HEADER_CHARS = 256;
    /** A one-shot at most this far ahead (ten years): a date beyond is a mistake. */
    private static final long MAX_AHEAD_MILLIS = 10L * 366 * 24 * 3600 * 1000;

    private ScheduleJson() {
    }

    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SwitchboardException(BusErrors.INVALID_SCHEDULE, "a schedule's name is 1 to 128 letters, digits, '.', '_' or '-', starting"
                    + " with a letter or digit; was '" + BusErrors.shown(name) + "'");
        }
        return name;
    }

    /** A definition from a request; the cron, zone and time are checked here, the topic's existence by the caller. */
    static Definition read(String name, JsonNode body, String createdBy, Instant now, int maxPayloadBytes) {
        name(name);
        if (!(body instanceof ObjectNode object)) {
            throw invalid("send the schedule as a JSON object with " + FIELDS);
        }
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + BusErrors.shown(field) + "'; a schedule's fields are " + FIELDS);
            }
        }
        String topic = text(object, "topic", true);
        if (!object.has("payload")) {
            throw invalid("'payload' is missing: the JSON value each firing publishes");
        }
        byte[] payload = object.get("payload").toString().getBytes(StandardCharsets.UTF_8);
        if (payload.length > maxPayloadBytes) {
            throw new SwitchboardException(BusErrors.TOO_LARGE, "the payload is over the limit of " + maxPayloadBytes + " bytes");
        }
        String cron = text(object, "cron", false);
        String zoneId = text(object, "zone", false);
        Long deliverAt = object.has("deliverAt") ? instant(object.get("deliverAt"), now) : null;
        if ((cron == null) == (deliverAt == null)) {
            throw invalid("a schedule has either 'cron' (repeating) or 'deliverAt' (once), not " + (cron == null ? "neither" : "both"));
        }
        if (deliverAt != null && zoneId != null) {
            throw invalid("'zone' goes with 'cron'; 'deliverAt' is an instant with its own offset");
        }
        String zone = Cron.zone(zoneId).getId();
        if (cron != null) {
            cron = Cron.parse(cron, Cron.zone(zoneId), now).expression();
        }
        int priority = PublishOptions.priority("'priority'", object.get("priority")); // as a publish's (a value past int wrapped before)
        Missed missed = object.has("missed") ? Missed.of(text(object, "missed", true)) : Missed.FIRE_ONCE;
        return new Definition(name, cron, zone, deliverAt, topic, payload, headers(object.get("headers")), priority, missed, createdBy);
    }

    private static Long instant(JsonNode value, Instant now) {
        Instant at;
        try {
            at = value.isTextual() ? Instant.parse(value.asText()) : null;
        } catch (DateTimeException e) {
            at = null;
        }
        if (at == null) {
            throw invalid("'deliverAt' is an ISO-8601 instant such as \"2030-01-01T09:00:00Z\", was " + BusErrors.shown(value.toString()));
        }
        if (at.toEpochMilli() - now.toEpochMilli() > MAX_AHEAD_MILLIS) {
            throw invalid("'deliverAt' is at most ten years ahead");
        }
        return at.toEpochMilli();
    }

    private static Map<String, String> headers(JsonNode value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return headers;
        }
        if (!value.isObject() || value.size() > MAX_HEADERS) {
            throw invalid("'headers' is an object of at most " + MAX_HEADERS + " string values");
        }
        for (Map.Entry<String, JsonNode> header : (Iterable<Map.Entry<String, JsonNode>>) value::fields) {
            String key = header.getKey();
            if (!HEADER.matcher(key).matches() || key.regionMatches(true, 0, "Bus-", 0, 4)) {
                throw invalid("header '" + BusErrors.shown(key) + "': a name is 1 to 64 letters, digits or '-', and names starting with Bus- are the bus's");
            }
            if (!header.getValue().isTextual() || header.getValue().asText().length() > MAX_HEADER_CHARS) {
                throw invalid("header '" + key + "' must be a string of at most " + MAX_HEADER_CHARS + " characters");
            }
            headers.put(key, header.getValue().asText());
        }
        return headers;
    }

    private static String text(ObjectNode object, String field, boolean required) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("'" + field + "' is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new SwitchboardException(field.equals("cron") ? BusErrors.INVALID_CRON : field.equals("zone") ? BusErrors.INVALID_ZONE
                    : BusErrors.INVALID_SCHEDULE, "'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(BusErrors.INVALID_SCHEDULE, message);
    }

    /** The definition as a request would send it (the API's answers and the stored document share it). */
    static ObjectNode definition(Definition definition) {
        ObjectNode json = JSON.createObjectNode();
        json.put("name", definition.name());
        if (definition.oneShot()) {
            json.put("deliverAt", Instant.ofEpochMilli(definition.deliverAt()).toString());
        } else {
            json.put("cron", definition.cron());
            json.put("zone", definition.zone());
        }
        json.put("topic", definition.topic());
        json.set("payload", payload(definition.payload()));
        ObjectNode headers = json.putObject("headers");
        definition.headers().forEach(headers::put);
        json.put("priority", definition.priority());
        json.put("missed", definition.missed().settingName());
        json.put("createdBy", definition.createdBy());
        return json;
    }

    /** A stored definition read back: checked as a request is, except a one-shot whose time passed (it fires at start). */
    static Definition stored(String name, JsonNode json, Instant now) {
        ObjectNode request = ((ObjectNode) json).deepCopy();
        String createdBy = request.path("createdBy").asText("");
        request.retain(FIELDS);
        return read(name, request, createdBy, now, Integer.MAX_VALUE);
    }

    private static JsonNode payload(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a schedule's payload is checked JSON", e);
        }
    }

    static String text(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
