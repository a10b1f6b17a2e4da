package io.switchboard.data.internal.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.Item;
import io.switchboard.data.spi.Criteria;

/**
 * Turns MongoDB-style criteria into a predicate, validating everything up front so that a bad filter
 * fails before any document is read or removed.
 *
 * <p>A field condition is either a value (equality; an array field also matches when one of its
 * elements is equal) or an object of operators. Comparisons apply to values of the same kind
 * (numbers with numbers, strings with strings), as in MongoDB; on an array field, an operator
 * matches when any element does.
 */
public final class CriteriaCompiler {

    private static final Criteria EVERYTHING = new Compiled(null, item -> true);

    private CriteriaCompiler() {
    }

    /** Compiles criteria; {@code null} or {@code {}} match everything. */
    public static Criteria compile(ObjectNode criteria) {
        if (criteria == null || criteria.isEmpty()) {
            return EVERYTHING;
        }
        return new Compiled(criteria, document(criteria));
    }

    private record Compiled(ObjectNode source, Predicate<Item> predicate) implements Criteria {
        @Override
        public boolean test(Item item) {
            return predicate.test(item);
        }
    }

    private static Predicate<Item> document(JsonNode criteria) {
        if (!criteria.isObject()) {
            throw invalid("criteria must be an object, was: " + criteria);
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

    private static Predicate<Item> logical(String operator, JsonNode operand) {
        switch (operator) {
            case "$and", "$or" -> {
                if (!operand.isArray() || operand.isEmpty()) {
                    throw invalid(operator + " takes a non-empty array of criteria, was: " + operand);
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
    private static Predicate<JsonNode> condition(String field, JsonNode value) {
        if (value.isObject() && !value.isEmpty() && value.fieldNames().next().startsWith("$")) {
            return operators(field, value);
        }
        return equalTo(value);
    }

    private static Predicate<JsonNode> operators(String field, JsonNode ops) {
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
                        throw invalid("$exists takes true or false, was: " + operand);
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
                        throw invalid("$not takes an operator object or a regex, was: " + operand);
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
            throw invalid("comparison operators take a number, string or boolean, was: " + operand);
        }
        int rank = JsonOrder.rank(operand);
        return anyElement(node -> JsonOrder.rank(node) == rank && accept.test(JsonOrder.INSTANCE.compare(node, operand)));
    }

    private static Predicate<JsonNode> in(String name, JsonNode operand) {
        if (!operand.isArray()) {
            throw invalid(name + " takes an array, was: " + operand);
        }
        List<Predicate<JsonNode>> options = new ArrayList<>();
        operand.forEach(value -> options.add(value.isObject() && value.has("$regex") ? regex(value.get("$regex"), value.get("$options")) : equalTo(value)));
        return or(options);
    }

    private static Predicate<JsonNode> regex(JsonNode operand, JsonNode optionsNode) {
        String pattern;
        String flags = optionsNode == null ? "" : optionsNode.asText();
        if (operand.isTextual()) {
            pattern = operand.textValue();
        } else if (operand.isArray() && operand.size() >= 1 && operand.size() <= 2 && operand.get(0).isTextual()) {
            pattern = operand.get(0).textValue();
            if (operand.size() == 2) {
                flags = operand.get(1).asText();
            }
        } else {
            throw new SwitchboardException(DataErrors.INVALID_REGEX, "$regex takes a string or [pattern, flags], was: " + operand);
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern, flags(flags));
        } catch (PatternSyntaxException e) {
            throw new SwitchboardException(DataErrors.INVALID_REGEX, "invalid $regex '" + pattern + "': " + e.getDescription(), e);
        }
        return anyElement(node -> node.isTextual() && compiled.matcher(node.textValue()).find());
    }

    private static int flags(String flags) {
        int result = 0;
        for (char c : flags.toCharArray()) {
            result |= switch (c) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> throw new SwitchboardException(DataErrors.INVALID_REGEX,
                        "unknown $regex flag '" + c + "'; the flags are i, m, s and x");
            };
        }
        return result;
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

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(DataErrors.INVALID_CRITERIA, "invalid criteria: " + message);
    }

    private static SwitchboardException unknown(String operator) {
        return new SwitchboardException(DataErrors.UNKNOWN_OPERATOR,
                "unknown operator '" + operator + "'; supported: $eq $ne $gt $gte $lt $lte $in $nin $and $or $not $exists $regex");
    }
}
