package io.switchboard.mesh.internal.exchange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Java type as the JSON a caller has to send for it ("a whole number", "an object with the fields
 * deviceId, value"): what error messages say instead of a class name, which means nothing to a
 * client and says more about the server than it needs to know.
 */
final class TypeNames {

    private static final int MAX_NAMES = 12;

    private TypeNames() {
    }

    /** @param fields the names of the type's properties when it is read as an object, or null when unknown */
    static String describe(Class<?> type, Collection<String> fields) {
        if (type == null || type == Object.class) {
            return "a value";
        }
        Class<?> raw = type.isPrimitive() ? box(type) : type;
        if (raw == String.class || raw == Character.class || CharSequence.class.isAssignableFrom(raw) || raw == java.util.UUID.class) {
            return "a string";
        }
        if (raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class || raw == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(raw) || raw == BigDecimal.class) {
            return "a number";
        }
        if (raw == Boolean.class) {
            return "true or false";
        }
        if (raw.isEnum()) {
            return "one of " + names(Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
        }
        if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(raw)) {
            return "an object";
        }
        if (fields != null && !fields.isEmpty()) {
            return "an object with the fields " + names(fields);
        }
        return "an object";
    }

    private static String names(Collection<String> names) {
        String shown = names.stream().limit(MAX_NAMES).collect(Collectors.joining(", "));
        return names.size() > MAX_NAMES ? shown + ", …" : shown;
    }

    private static Class<?> box(Class<?> primitive) {
        if (primitive == int.class) {
            return Integer.class;
        }
        if (primitive == long.class) {
            return Long.class;
        }
        if (primitive == double.class) {
            return Double.class;
        }
        if (primitive == float.class) {
            return Float.class;
        }
        if (primitive == boolean.class) {
            return Boolean.class;
        }
        if (primitive == short.class) {
            return Short.class;
        }
        if (primitive == byte.class) {
            return Byte.class;
        }
        return primitive == char.class ? Character.class : primitive;
    }
}
