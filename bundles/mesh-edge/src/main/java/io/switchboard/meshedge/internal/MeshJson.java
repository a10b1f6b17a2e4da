package io.switchboard.meshedge.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.system.json.JsonLimits;

/**
 * The one mapping between the mesh and its JSON form on the wire (docs/protocol.md, "Mesh
 * actions"): call options, arguments, events and the description. A misspelt option is refused by
 * name, so it never silently does nothing.
 */
final class MeshJson {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INVALID_OPTION = "mesh.invalid-option";
    private static final Set<String> CALL_OPTIONS = Set.of("range", "route", "key", "timeoutMillis", "lenient");
    private static final Set<String> EVENT_OPTIONS = Set.of("range");

    private MeshJson() {
    }

    static String requiredText(ObjectNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || value.isNull()) {
            throw missing("the request has no '" + field + "'");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw wrongType(field, "a non-empty string");
        }
        return value.asText();
    }

    /**
     * The arguments of a call: a JSON array, each element as plain data; none when absent. Their
     * depth is checked (without recursion) before they are converted, so that an argument nested
     * deeper than {@link JsonLimits#maxDepth()} is refused instead of overflowing the stack.
     */
    static List<Object> arguments(JsonNode args) {
        if (args == null || args.isNull()) {
            return List.of();
        }
        if (!args.isArray()) {
            throw wrongType("args", "an array of the method's arguments");
        }
        if (!JsonLimits.withinDepth(args)) {
            throw new SwitchboardException(MeshErrors.BAD_ARGUMENTS, "'args' is nested deeper than the " + JsonLimits.maxDepth()
                    + " levels the runtime accepts");
        }
        List<Object> values = new ArrayList<>(args.size());
        args.forEach(arg -> values.add(JSON.convertValue(arg, Object.class)));
        return values;
    }

    static CallOptions callOptions(JsonNode options) {
        ObjectNode given = optionsObject(options, CALL_OPTIONS);
        CallOptions call = CallOptions.defaults();
        if (given == null) {
            return call;
        }
        String route = optionalText(given, "route");
        String key = optionalText(given, "key");
        if (route == null || route.equals("preferLocal")) {
            call = call.preferLocal();
        } else if (route.equals("roundRobin")) {
            call = call.roundRobin();
        } else if (route.equals("sticky")) {
            if (key == null) {
                throw missing("the route 'sticky' needs 'options.key'");
            }
            call = call.sticky(key);
        } else {
            throw invalid("unknown route '" + route + "'; the routes are preferLocal, roundRobin and sticky");
        }
        if (key != null && !"sticky".equals(route)) {
            throw invalid("'key' goes with the route 'sticky' only");
        }
        String range = optionalText(given, "range");
        if (range != null) {
            call = call.range(range);
        }
        JsonNode lenient = given.get("lenient");
        if (lenient != null && !lenient.isNull()) {
            if (!lenient.isBoolean()) {
                throw wrongType("options.lenient", "true or false");
            }
            call = lenient.asBoolean() ? call.lenient() : call;
        }
        JsonNode timeout = given.get("timeoutMillis");
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.canConvertToLong() || !timeout.isIntegralNumber() || timeout.asLong() <= 0) {
                throw wrongType("options.timeoutMillis", "a positive whole number");
            }
            call = call.timeout(Duration.ofMillis(timeout.asLong()));
        }
        return call;
    }

    /** The emitter range of an {@code event.on}, or null for any version. */
    static String eventRange(JsonNode options) {
        ObjectNode given = optionsObject(options, EVENT_OPTIONS);
        return given == null ? null : optionalText(given, "range");
    }

    /**
     * A method's result or an event's payload as JSON, as the mapper's {@code valueToTree} makes it.
     * Scalars (a version string, a count) become their node directly: the mapper's way, through a
     * token buffer and a serializer lookup, was 2.6 % of a remote call's server CPU (profiled).
     * A tree is copied as the mapper would, so that the component cannot change an answer once given.
     */
    static JsonNode tree(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof ValueNode scalar && !(value instanceof POJONode)) {
            return scalar; // immutable (a POJO node's object is serialised by the mapper, below)
        }
        if (value instanceof String text) {
            return TextNode.valueOf(text);
        }
        if (value instanceof Boolean flag) {
            return BooleanNode.valueOf(flag);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return IntNode.valueOf(((Number) value).intValue());
        }
        if (value instanceof Long number) {
            return LongNode.valueOf(number);
        }
        if (value instanceof Double number) {
            return DoubleNode.valueOf(number);
        }
        return JSON.valueToTree(value);
    }

    static ObjectNode event(EventEnvelope event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("component", event.component());
        json.put("version", event.version());
        json.put("event", event.name());
        json.set("data", tree(event.payload()));
        return json;
    }

    static ObjectNode description(List<ComponentDescription> components) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode all = json.putArray("components");
        components.forEach(component -> all.add(JSON.valueToTree(component)));
        return json;
    }

    private static ObjectNode optionsObject(JsonNode options, Set<String> known) {
        if (options == null || options.isNull()) {
            return null;
        }
        if (!(options instanceof ObjectNode object)) {
            throw wrongType("options", "an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            String name = fields.next().getKey();
            if (!known.contains(name)) {
                throw invalid("unknown option '" + name + "'; the options are " + new TreeSet<>(known));
            }
        }
        return object;
    }

    private static String optionalText(ObjectNode options, String field) {
        JsonNode value = options.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType("options." + field, "a string");
        }
        return value.asText();
    }

    /** A true or false field, or null when it is absent. */
    static Boolean optionalBoolean(ObjectNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return value.asBoolean();
    }

    // The codes and wording the other edges use too (docs/protocol.md, "Errors").

    private static SwitchboardException missing(String message) {
        return new SwitchboardException("protocol.missing-field", message);
    }

    private static SwitchboardException wrongType(String field, String expected) {
        return new SwitchboardException("protocol.wrong-type", "'" + field + "' must be " + expected);
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(INVALID_OPTION, message);
    }
}
