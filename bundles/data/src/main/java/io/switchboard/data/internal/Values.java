package io.switchboard.data.internal;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.system.json.JsonLimits;

/**
 * Checks and shapes the values written to the store, without serializing them.
 */
final class Values {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    /**
     * The document to store for a value: the value itself when it is an object, else
     * {@code {"value": value}}. Fails when the value is not plain JSON, nests too deeply or is too
     * large.
     */
    static ObjectNode document(JsonNode value, long maxSize) {
        if (value == null) {
            throw new SwitchboardException(DataErrors.NOT_JSON, "no value given; use NullNode for a JSON null");
        }
        if (!JsonLimits.withinDepth(value)) {
            // first, and without recursion: measuring, matching, sorting and writing a document recurse over it
            throw new SwitchboardException(DataErrors.TOO_DEEP, "the document nests deeper than " + JsonLimits.maxDepth()
                    + " levels of objects and arrays");
        }
        long size = size(value, value, maxSize);
        checkSize(size, maxSize);
        return value.isObject() ? (ObjectNode) value : NODES.objectNode().set("value", value);
    }

    /** Fails when a document (for example the result of a merge) is over the limit. */
    static void checkSize(ObjectNode document, long maxSize) {
        checkSize(size(document, document, maxSize), maxSize);
    }

    private static void checkSize(long size, long maxSize) {
        if (size > maxSize) {
            throw new SwitchboardException(DataErrors.TOO_LARGE,
                    "document is about " + size + " bytes as JSON, over the limit of " + maxSize + " bytes");
        }
    }

    /**
     * The approximate size of the value as JSON text: exact for ASCII strings, a fixed cost per
     * number and literal. Walking the tree costs far less than writing it out, and stops early once
     * the limit is passed. On a value that is not JSON it throws, naming where the value is.
     */
    private static long size(JsonNode root, JsonNode node, long budget) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                long size = 2;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    size += field.getKey().length() + 4 + size(root, field.getValue(), budget - size);
                    if (size > budget) {
                        return size;
                    }
                }
                return size;
            }
            case ARRAY -> {
                long size = 2;
                for (int i = 0; i < node.size(); i++) {
                    size += 1 + size(root, node.get(i), budget - size);
                    if (size > budget) {
                        return size;
                    }
                }
                return size;
            }
            case STRING -> {
                return node.textValue().length() + 2;
            }
            case NUMBER -> {
                if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                    throw notJson(locate(root, node), node);
                }
                return node.isIntegralNumber() && node.canConvertToInt() ? 11 : 24;
            }
            case BOOLEAN, NULL -> {
                return 5;
            }
            default -> throw notJson(locate(root, node), node);
        }
    }

    /** Where a node sits in the tree, as a dotted path; only computed for an error message. */
    private static String locate(JsonNode root, JsonNode target) {
        if (root == target) {
            return "(root)";
        }
        if (root.isObject()) {
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                String inner = locate(field.getValue(), target);
                if (inner != null) {
                    return inner.equals("(root)") ? field.getKey() : field.getKey() + "." + inner;
                }
            }
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                String inner = locate(root.get(i), target);
                if (inner != null) {
                    return inner.equals("(root)") ? "[" + i + "]" : "[" + i + "]." + inner;
                }
            }
        }
        return null;
    }

    private static SwitchboardException notJson(String where, JsonNode node) {
        String problem = node.isNumber() ? "the number " + node.doubleValue() + " has no JSON form"
                : "a " + node.getNodeType() + " node (" + node.getClass().getSimpleName() + ") is not JSON";
        return new SwitchboardException(DataErrors.NOT_JSON, "value is not plain JSON at '" + where + "': " + problem);
    }

    /** Shallow merge: the update's top-level fields replace the stored ones; the stored tree is untouched. */
    static ObjectNode merge(ObjectNode stored, ObjectNode update) {
        ObjectNode merged = NODES.objectNode();
        merged.setAll(stored);
        merged.setAll(update);
        return merged;
    }

    /**
     * A copy of {@code document} with {@code by} added to the number at {@code field}; only the
     * containers on the field's path are copied.
     */
    static ObjectNode increment(ObjectNode document, String[] field, double by) {
        ObjectNode root = NODES.objectNode();
        root.setAll(document);
        ObjectNode parent = root;
        for (int i = 0; i < field.length - 1; i++) {
            JsonNode child = parent.get(field[i]);
            ObjectNode copy = NODES.objectNode();
            if (child instanceof ObjectNode o) {
                copy.setAll(o);
            } else if (child != null && !child.isNull()) {
                throw notANumber(field, child);
            }
            parent.set(field[i], copy);
            parent = copy;
        }
        String name = field[field.length - 1];
        JsonNode current = parent.get(name);
        if (current == null || current.isNull()) {
            parent.set(name, number(0, by));
        } else if (current.isNumber()) {
            parent.set(name, current.isIntegralNumber() ? number(current.longValue(), by) : NODES.numberNode(current.doubleValue() + by));
        } else {
            throw notANumber(field, current);
        }
        return root;
    }

    private static JsonNode number(long current, double by) {
        if (by == Math.rint(by) && Math.abs(by) < 1L << 53) {
            long sum = Math.addExact(current, (long) by);
            // keep the narrowest type, as a JSON parser would produce it
            return sum == (int) sum ? NODES.numberNode((int) sum) : NODES.numberNode(sum);
        }
        return NODES.numberNode(current + by);
    }

    private static SwitchboardException notANumber(String[] field, JsonNode found) {
        return new SwitchboardException(DataErrors.NOT_A_NUMBER,
                "cannot increment '" + String.join(".", field) + "': it holds " + found.getNodeType() + " " + found + ", not a number");
    }
}
