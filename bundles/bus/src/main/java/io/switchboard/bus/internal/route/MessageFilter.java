package io.switchboard.bus.internal.route;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.system.regex.LinearRegex;

/**
 * A filter over a message's payload: {@code {"jsonPath": "$.order[?(@.total > 100)]", "regex": "^A", "flags": "i"}}.
 * A message matches when the JSONPath (Jayway JsonPath, over Jackson trees) selects at least one
 * value that is not null and, when {@code regex} is given, at least one selected scalar's text
 * contains a match of it ({@link LinearRegex}: linear time, bounded by {@link #REGEX_BOUNDS}). Immutable and safe to share.
 */
public final class MessageFilter {

    static final int MAX_PATH_CHARS = 1024;
    private static final Set<String> FIELDS = Set.of("jsonPath", "regex", "flags");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Jackson's providers, never json-smart's (which this bundle does not carry); a path that selects nothing is an empty list. */
    private static final Configuration CONFIGURATION = Configuration.builder().jsonProvider(new JacksonJsonNodeJsonProvider(JSON))
            .mappingProvider(new JacksonMappingProvider(JSON)).options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS).build();

    private final JsonPath path;
    /**
     * A filter runs once per message and rule, so its regex stays small: 256 characters, groups 10
     * deep, and 1,000 steps per character once counted repetitions are expanded; flags i, m and s.
     */
    static final LinearRegex.Bounds REGEX_BOUNDS = new LinearRegex.Bounds(256, 10, 1_000, "ims");
    private final LinearRegex regex;
    private final ObjectNode json;

    private MessageFilter(JsonPath path, LinearRegex regex, ObjectNode json) {
        this.path = path;
        this.regex = regex;
        this.json = json;
    }

    /**
     * A filter from a client's JSON.
     *
     * @throws SwitchboardException {@value BusErrors#INVALID_FILTER}, {@value BusErrors#INVALID_JSON_PATH} or {@value BusErrors#INVALID_REGEX}
     */
    public static MessageFilter parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw invalid("a filter is an object {\"jsonPath\": \"$...\", \"regex\"?: \"...\", \"flags\"?: \"i\"}");
        }
        json.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw invalid("a filter has no field '" + BusErrors.shown(field) + "'; its fields are jsonPath, regex and flags");
            }
        });
        JsonNode source = json.get("jsonPath");
        if (source == null || !source.isTextual() || source.asText().isBlank()) {
            throw invalid("a filter's 'jsonPath' is required, as text such as \"$.type\"");
        }
        String text = source.asText();
        if (text.length() > MAX_PATH_CHARS) {
            throw new SwitchboardException(BusErrors.INVALID_JSON_PATH, "the jsonPath is " + text.length() + " characters long; the limit is " + MAX_PATH_CHARS);
        }
        if (text.contains("=~")) { // JsonPath's =~ runs java.util.regex, which can backtrack for ever on a crafted pattern
            throw new SwitchboardException(BusErrors.INVALID_JSON_PATH, "the =~ operator is not allowed in a filter's jsonPath; use the filter's 'regex' field,"
                    + " which matches in linear time");
        }
        JsonPath path;
        try {
            path = JsonPath.compile(text);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new SwitchboardException(BusErrors.INVALID_JSON_PATH, "the jsonPath '" + BusErrors.shown(text) + "' is not valid: " + e.getMessage());
        }
        LinearRegex regex = null;
        JsonNode pattern = json.get("regex");
        JsonNode flags = json.get("flags");
        if (pattern != null) {
            if (!pattern.isTextual()) {
                throw invalid("a filter's 'regex' is text");
            }
            if (flags != null && !flags.isTextual()) {
                throw invalid("a filter's 'flags' is text, any of i, m and s");
            }
            try {
                regex = LinearRegex.compile(pattern.asText(), flags == null ? "" : flags.asText(), REGEX_BOUNDS);
            } catch (LinearRegex.Invalid e) {
                throw new SwitchboardException(BusErrors.INVALID_REGEX, "a filter's " + e.getMessage());
            }
        } else if (flags != null) {
            throw invalid("a filter's 'flags' go with its 'regex'");
        }
        return new MessageFilter(path, regex, json.deepCopy());
    }

    /** Whether the payload (a JSON tree) matches. */
    public boolean test(JsonNode payload) {
        Object selected = path.read(payload, CONFIGURATION);
        if (!(selected instanceof Iterable<?> values)) {
            return selected != null && accepts(selected);
        }
        for (Object value : values) {
            if (accepts(value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the payload (JSON text) matches; text that is not JSON never does. */
    public boolean test(byte[] payload) {
        try {
            return test(JSON.readTree(payload));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private boolean accepts(Object value) {
        if (value == null || value instanceof JsonNode node && (node.isNull() || node.isMissingNode())) {
            return false;
        }
        if (regex == null) {
            return true;
        }
        if (value instanceof JsonNode node) {
            return node.isValueNode() && regex.find(node.asText());
        }
        return regex.find(String.valueOf(value));
    }

    /** The filter as the client gave it (stored with its subscription or rule, and shown back). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    static List<String> fields() {
        return List.copyOf(FIELDS);
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(BusErrors.INVALID_FILTER, message);
    }
}
