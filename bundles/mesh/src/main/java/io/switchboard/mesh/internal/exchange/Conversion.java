package io.switchboard.mesh.internal.exchange;

import java.lang.reflect.Type;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Moves values between class spaces as data. A value whose class is already the wanted one passes
 * untouched (same classes: nothing is converted); anything else goes through Jackson, so a caller
 * compiled against one release's types can talk to another release's.
 */
public final class Conversion {

    private volatile ObjectMapper mapper = newMapper();

    private static ObjectMapper newMapper() {
        return new ObjectMapper()
                // a newer callee may add fields the caller's copy of the type does not know
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    }

    /**
     * Drops everything Jackson cached about the classes it converted, so a stopped component's class
     * loader is not kept alive by a serializer cache. Swaps are rare; the caches refill on use.
     */
    public void forget() {
        mapper = newMapper();
        // Jackson keeps one type cache for every mapper that did not get its own, components' included.
        com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().clearCache();
    }

    /**
     * @throws IllegalArgumentException when the value cannot be mapped to the type
     */
    public Object to(Object value, Type type) {
        if (value == null) {
            return null;
        }
        if (type instanceof Class<?> raw) {
            if (raw.isInstance(value) || (raw.isPrimitive() && isBox(raw, value))) {
                return value;
            }
            if (raw == void.class || raw == Void.class) {
                return null;
            }
        }
        ObjectMapper current = mapper;
        JavaType javaType = current.getTypeFactory().constructType(type);
        return current.convertValue(value, javaType);
    }

    /** The value as plain data: maps, lists, strings, numbers, booleans and null. */
    public Object toData(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return mapper.convertValue(value, Object.class);
    }

    /** The current mapper; do not keep it, {@link #forget()} replaces it. */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static boolean isBox(Class<?> primitive, Object value) {
        return (primitive == int.class && value instanceof Integer) || (primitive == long.class && value instanceof Long)
                || (primitive == double.class && value instanceof Double) || (primitive == boolean.class && value instanceof Boolean)
                || (primitive == float.class && value instanceof Float) || (primitive == short.class && value instanceof Short)
                || (primitive == byte.class && value instanceof Byte) || (primitive == char.class && value instanceof Character);
    }
}
