package io.switchboard.data.internal.query;

import java.util.Comparator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A total order over JSON values, MongoDB's: missing and null first, then numbers, strings, objects,
 * arrays, booleans. Numbers compare by value whatever their Java type.
 */
public final class JsonOrder implements Comparator<JsonNode> {

    public static final JsonOrder INSTANCE = new JsonOrder();

    private JsonOrder() {
    }

    /** The type rank of a value; only values of equal rank are comparable with $gt and friends. */
    static int rank(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (node.isNumber()) {
            return 1;
        }
        if (node.isTextual()) {
            return 2;
        }
        if (node.isObject()) {
            return 3;
        }
        if (node.isArray()) {
            return 4;
        }
        return 5;
    }

    @Override
    public int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 1 -> compareNumbers(a, b);
            case 2 -> a.textValue().compareTo(b.textValue());
            case 5 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3, 4 -> compareContainers(a, b);
            default -> 0;
        };
    }

    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.canConvertToLong() && b.canConvertToLong() && a.isIntegralNumber() && b.isIntegralNumber()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (a.isBigDecimal() || b.isBigDecimal() || a.isBigInteger() || b.isBigInteger()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    private int compareContainers(JsonNode a, JsonNode b) {
        // element by element, then by size: enough for a stable, total order
        int n = Math.min(a.size(), b.size());
        if (a.isArray()) {
            for (int i = 0; i < n; i++) {
                int c = compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }
        var fa = a.properties().iterator();
        var fb = b.properties().iterator();
        while (fa.hasNext() && fb.hasNext()) {
            var ea = fa.next();
            var eb = fb.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Equality as criteria see it: numbers by value (1 equals 1.0), the rest structurally. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) == 0;
        }
        return a.equals(b);
    }
}
