package io.switchboard.data.internal.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.Item;
import io.switchboard.data.spi.Criteria;
import io.switchboard.system.json.JsonLimits;
import io.switchboard.system.regex.LinearRegex;

/**
 * Turns MongoDB-style criteria into a predicate, validating everything up front so that a bad filter
 * fails before any document is read or removed. The predicate checks the query's {@link Deadline}
 * for every document it tests, and {@code $regex} matches in linear time ({@link io.switchboard.system.regex.LinearRegex}).
 *
 * <p>A field condition is either a value (equality; an array field also matches when one of its
 * elements is equal) or an object of operators. Comparisons apply to values of the same kind
 * (numbers with numbers, strings with strings), as in MongoDB; on an array field, an operator
 * matches when any element does.
 */
public final class CriteriaCompiler {

    private static final Predicate<Item> ALL = item -> true;
    /**
     * A query's {@code $regex}: up to 4,096 characters, groups 100 deep, and about RE2's own default
     * size (beyond it both compiling and matching cost too much per query); MongoDB's flags.
     */
    static final LinearRegex.Bounds REGEX_BOUNDS = new LinearRegex.Bounds(4096, 100, 10_000, "imsx");

    /** Goes into every regular expression this compilation makes. */
    private final Deadline deadline;

    private CriteriaCompiler(Deadline deadline) {
        this.deadline = deadline;
    }

    /** Compiles criteria for work with no time limit; {@code null} or {@code {}} match everything. */
    public static Criteria compile(ObjectNode criteria) {
        return compile(criteria, Deadline.NONE);
    }

    /**
     * Compiles criteria whose evaluation stops with {@code data.query-timeout} once the deadline
     * passes; {@code null} or {@code {}} match everything.
     *
     * @throws SwitchboardException {@code data.too-deep} for criteria nested deeper than
     *         {@link JsonLimits#maxDepth()}, or the code that names what else is wrong
     */
    public static Criteria compile(ObjectNode criteria, Deadline deadline) {
        if (criteria == null || criteria.isEmpty()) {
            return new Compiled(null, ALL, deadline);
        }
        if (!JsonLimits.withinDepth(criteria)) {
            // compiling and evaluating recurse over the criteria: their depth is bounded first
            throw new SwitchboardException(DataErrors.TOO_DEEP,
                    "the criteria nest deeper than " + JsonLimits.maxDepth() + " levels of objects and arrays");
        }
        return new Compiled(criteria, new CriteriaCompiler(deadline).document(criteria), deadline);
    }

    private record Compiled(ObjectNode source, Predicate<Item> predicate, Deadline deadline) implements Criteria {
        @Override
        public boolean test(Item item) {
            deadline.check();
            return predicate.test(item);
        }
    }

    private Predicate<Item> document(JsonNode criteria) {
        if (!criteria.isObject()) {
            throw invalid("criteria must be an object, was: " + shown(criteria));
        }
        List<Predicate<Item>> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : criteria.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.startsWith("$")) {
                all.add(logical(key, value));
            } else {
                FieldRef field = FieldRef.parse(key, DataErrors.INVALID_CRITERIA);
                Predicate<JsonNode> condition = condition(key, value);
                all.add(item -> condition.test(field.resolve(item)));
            }
        }
        return and(all);
    }

    private Predicate<Item> logical(String operator, JsonNode operand) {
        switch (operator) {
            case "$and", "$or" -> {
                if (!operand.isArray() || operand.isEmpty()) {
                    throw invalid(operator + " takes a non-empty array of criteria, was: " + shown(operand));
                }
                List<Predicate<Item>> parts = new ArrayList<>();
                operand.forEach(part -> parts.add(document(part)));
                return operator.equals("$and") ? and(parts) : or(parts);
            }
            case "$not" -> {
                Predicate<Item> inner = document(operand);
                return inner.negate();
            }
            default -> throw unknown(operator);
        }
    }

    private static <T> Predicate<T> and(List<Predicate<T>> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        @SuppressWarnings("unchecked")
        Predicate<T>[] array = parts.toArray(Predicate[]::new);
        return value -> {
            for (Predicate<T> p : array) {
                if (!p.test(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static <T> Predicate<T> or(List<Predicate<T>> parts) {
        @SuppressWarnings("unchecked")
        Predicate<T>[] array = parts.toArray(Predicate[]::new);
        return value -> {
            for (Predicate<T> p : array) {
                if (p.test(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A field's condition: an operator object, or a value to be equal to. */
    private Predicate<JsonNode> condition(String field, JsonNode value) {
        if (value.isObject() && !value.isEmpty() && value.fieldNames().next().startsWith("$")) {
            return operators(field, value);
        }
        return equalTo(value);
    }

    private Predicate<JsonNode> operators(String field, JsonNode ops) {
        List<Predicate<JsonNode>> all = new ArrayList<>();
        JsonNode options = ops.get("$options");
        for (Map.Entry<String, JsonNode> op : ops.properties()) {
            String name = op.getKey();
            JsonNode operand = op.getValue();
            if (!name.startsWith("$")) {
                throw invalid("field '" + field + "' mixes operators and plain keys ('" + name + "')");
            }
            switch (name) {
                case "$eq" -> all.add(equalTo(operand));
                case "$ne" -> all.add(equalTo(operand).negate());
                case "$gt" -> all.add(compare(operand, c -> c > 0));
                case "$gte" -> all.add(compare(operand, c -> c >= 0));
                case "$lt" -> all.add(compare(operand, c -> c < 0));
                case "$lte" -> all.add(compare(operand, c -> c <= 0));
                case "$in" -> all.add(in(name, operand));
                case "$nin" -> all.add(in(name, operand).negate());
                case "$exists" -> {
                    if (!operand.isBoolean()) {
                        throw invalid("$exists takes true or false, was: " + shown(operand));
                    }
                    boolean wanted = operand.booleanValue();
                    all.add(node -> !node.isMissingNode() == wanted);
                }
                case "$regex" -> all.add(regex(operand, options));
                case "$options" -> {
                    if (!ops.has("$regex")) {
                        throw invalid("$options is only allowed next to $regex");
                    }
                }
                case "$not" -> {
                    Predicate<JsonNode> inner = operand.isTextual() ? regex(operand, null) : operand.isObject() && !operand.isEmpty()
                            ? operators(field, operand) : null;
                    if (inner == null) {
                        throw invalid("$not takes an operator object or a regex, was: " + shown(operand));
                    }
                    all.add(inner.negate());
                }
                default -> throw unknown(name);
            }
        }
        return and(all);
    }

    private static Predicate<JsonNode> equalTo(JsonNode expected) {
        return anyElement(node -> JsonOrder.equal(node, expected));
    }

    private static Predicate<JsonNode> compare(JsonNode operand, java.util.function.IntPredicate accept) {
        if (operand.isContainerNode() || operand.isNull()) {
            throw invalid("comparison operators take a number, string or boolean, was: " + shown(operand));
        }
        int rank = JsonOrder.rank(operand);
        return anyElement(node -> JsonOrder.rank(node) == rank && accept.test(JsonOrder.INSTANCE.compare(node, operand)));
    }

    private Predicate<JsonNode> in(String name, JsonNode operand) {
        if (!operand.isArray()) {
            throw invalid(name + " takes an array, was: " + shown(operand));
        }
        List<Predicate<JsonNode>> options = new ArrayList<>();
        operand.forEach(value -> options.add(value.isObject() && value.has("$regex") ? regex(value.get("$regex"), value.get("$options")) : equalTo(value)));
        return or(options);
    }

    private Predicate<JsonNode> regex(JsonNode operand, JsonNode optionsNode) {
        String pattern;
        if (optionsNode != null && !optionsNode.isTextual()) {
            throw new SwitchboardException(DataErrors.INVALID_REGEX, "$options takes a string of flags (i, m, s, x), was: " + shown(optionsNode));
        }
        String flags = optionsNode == null ? "" : optionsNode.textValue();
        if (operand.isTextual()) {
            pattern = operand.textValue();
        } else if (operand.isArray() && operand.size() >= 1 && operand.size() <= 2 && operand.get(0).isTextual()) {
            pattern = operand.get(0).textValue();
            if (operand.size() == 2) {
                flags = operand.get(1).asText();
            }
        } else {
            throw new SwitchboardException(DataErrors.INVALID_REGEX, "$regex takes a string or [pattern, flags], was: " + shown(operand));
        }
        LinearRegex compiled;
        try {
            compiled = LinearRegex.compile(pattern, flags, REGEX_BOUNDS);
        } catch (LinearRegex.Invalid e) {
            throw new SwitchboardException(DataErrors.INVALID_REGEX, "$regex: " + e.getMessage());
        }
        return anyElement(node -> node.isTextual() && compiled.find(deadline.watch(node.textValue())));
    }

    /** Applies a test to a value, or, when the value is an array, to any of its elements. */
    private static Predicate<JsonNode> anyElement(Predicate<JsonNode> test) {
        return node -> {
            if (test.test(node)) {
                return true;
            }
            if (node.isArray()) {
                for (JsonNode element : node) {
                    if (test.test(element)) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /** A value as an error message shows it: a client's huge value is not sent back whole. */
    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(DataErrors.INVALID_CRITERIA, "invalid criteria: " + message);
    }

    private static SwitchboardException unknown(String operator) {
        return new SwitchboardException(DataErrors.UNKNOWN_OPERATOR,
                "unknown operator '" + operator + "'; supported: $eq $ne $gt $gte $lt $lte $in $nin $and $or $not $exists $regex");
    }
}
