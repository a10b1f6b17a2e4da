package io.switchboard.mesh.internal.exchange;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Whether a conversion kept the data it was given: the data sent, compared with the same value
 * written back from the type it was read into. A field the type has but the data lacks came out of
 * nowhere (a default: {@code 0}, {@code null}); a number that compares differently was rounded or
 * cut. Strings, booleans and shapes that Jackson coerces are not compared: only what would be an
 * invented or changed value is.
 */
final class Fidelity {

    private Fidelity() {
    }

    /**
     * @param sent the data given, plain (maps, lists, scalars)
     * @param read the converted value written back as plain data, with only the properties the type can also read
     * @return what was invented or changed, as a {@link ConversionFailure.Kind#INCOMPATIBLE} failure, or null
     */
    static ConversionFailure difference(Object sent, Object read) {
        return difference(sent, read, "");
    }

    private static ConversionFailure difference(Object sent, Object read, String path) {
        if (read instanceof Map<?, ?> readObject && sent instanceof Map<?, ?> sentObject) {
            for (Map.Entry<?, ?> field : readObject.entrySet()) {
                String at = path.isEmpty() ? String.valueOf(field.getKey()) : path + "." + field.getKey();
                if (!sentObject.containsKey(field.getKey())) {
                    return new ConversionFailure(ConversionFailure.Kind.INCOMPATIBLE, "field '" + at + "'",
                            "is missing: the receiving side needs it and would read it as " + shown(field.getValue()));
                }
                ConversionFailure inside = difference(sentObject.get(field.getKey()), field.getValue(), at);
                if (inside != null) {
                    return inside;
                }
            }
            return null;
        }
        if (read instanceof List<?> readArray && sent instanceof List<?> sentArray && readArray.size() == sentArray.size()) {
            for (int i = 0; i < readArray.size(); i++) {
                ConversionFailure inside = difference(sentArray.get(i), readArray.get(i), path + "[" + i + "]");
                if (inside != null) {
                    return inside;
                }
            }
            return null;
        }
        if (sent == null && read != null) {
            return new ConversionFailure(ConversionFailure.Kind.INCOMPATIBLE, path.isEmpty() ? "" : "field '" + path + "'",
                    "null would be read as " + shown(read));
        }
        if (sent instanceof Number given && read instanceof Number kept && !same(given, kept)) {
            return new ConversionFailure(ConversionFailure.Kind.INCOMPATIBLE, path.isEmpty() ? "" : "field '" + path + "'",
                    given + " would be read as " + kept + ", which is not the same number");
        }
        return null;
    }

    private static boolean same(Number a, Number b) {
        if (!finite(a) || !finite(b)) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        // toString, not doubleValue: a float 1.7f is written "1.7" and must equal the double 1.7 it came from
        return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double d && (d.isNaN() || d.isInfinite())) && !(n instanceof Float f && (f.isNaN() || f.isInfinite()));
    }

    private static String shown(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return String.valueOf(value);
    }
}
