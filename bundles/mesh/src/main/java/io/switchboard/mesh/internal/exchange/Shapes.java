package io.switchboard.mesh.internal.exchange;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * Whether data written from one type can be read into another without inventing or losing a value,
 * judged from the two types alone, before any call: the same rules {@link Conversion} applies to
 * each value (a field the reader does not know, a field it needs that the writer does not send, a
 * number with a fraction read as a whole number), so a mismatch found here is a call that would
 * fail with {@code mesh.incompatible-data}.
 */
final class Shapes {

    private static final int MAX_DEPTH = 16;

    private enum Kind { ANY, TEXT, WHOLE, DECIMAL, BOOLEAN, ENUM, ARRAY, OBJECT_MAP, BEAN }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Set<String> seen = new HashSet<>();
    private final List<String> found;

    private Shapes(List<String> found) {
        this.found = found;
    }

    /**
     * Adds to {@code found} what does not fit, each naming {@code where} and the field.
     *
     * @param written the type the data is written from (what the sender has)
     * @param read    the type it is read into (what the receiver has)
     */
    static void compare(Type written, Type read, String where, List<String> found) {
        Shapes shapes = new Shapes(found);
        shapes.compare(shapes.mapper.constructType(written), shapes.mapper.constructType(read), where, 0);
    }

    private void compare(JavaType from, JavaType to, String where, int depth) {
        Kind sent = kind(from);
        Kind needed = kind(to);
        if (sent == Kind.ANY || needed == Kind.ANY || depth > MAX_DEPTH
                || !seen.add(from.toCanonical() + "->" + to.toCanonical() + "@" + where)) {
            return;
        }
        if (sent == Kind.DECIMAL && needed == Kind.WHOLE) {
            found.add(where + ": a number that may have a fraction is read as a whole number");
        } else if (sent == Kind.ENUM && needed == Kind.ENUM) {
            List<String> known = constants(to);
            List<String> unknown = constants(from).stream().filter(name -> !known.contains(name)).toList();
            if (!unknown.isEmpty()) {
                found.add(where + ": the values " + unknown + " are not known to the reader");
            }
        } else if (sent == Kind.ARRAY && needed == Kind.ARRAY) {
            compare(from.getContentType(), to.getContentType(), where + "[]", depth + 1);
        } else if (sent == Kind.OBJECT_MAP && needed == Kind.OBJECT_MAP) {
            compare(from.getContentType(), to.getContentType(), where + ".*", depth + 1);
        } else if (sent == Kind.BEAN && needed == Kind.BEAN) {
            compareBeans(from, to, where, depth);
        } else if (sent != needed && !(sent == Kind.WHOLE && needed == Kind.DECIMAL) && !(sent == Kind.BEAN && needed == Kind.OBJECT_MAP)
                && !(sent == Kind.OBJECT_MAP && needed == Kind.BEAN)) {
            found.add(where + ": " + name(sent) + " is sent where " + name(needed) + " is read");
        }
    }

    private void compareBeans(JavaType from, JavaType to, String where, int depth) {
        BeanDescription writer = mapper.getSerializationConfig().introspect(from);
        BeanDescription reader = mapper.getDeserializationConfig().introspect(to);
        Set<String> sentNames = new LinkedHashSet<>();
        for (BeanPropertyDefinition property : writer.findProperties()) {
            if (property.couldSerialize()) {
                sentNames.add(property.getName());
            }
        }
        JsonIgnoreProperties ignoring = to.getRawClass().getAnnotation(JsonIgnoreProperties.class);
        boolean readsPart = ignoring != null && ignoring.ignoreUnknown();
        Set<String> readNames = new LinkedHashSet<>();
        for (BeanPropertyDefinition property : reader.findProperties()) {
            if (!property.couldDeserialize()) {
                continue;
            }
            readNames.add(property.getName());
            String at = where + "." + property.getName();
            BeanPropertyDefinition sentProperty = writer.findProperties().stream().filter(p -> p.getName().equals(property.getName())
                    && p.couldSerialize()).findFirst().orElse(null);
            if (sentProperty == null) {
                found.add(at + ": the reader needs it, the writer has no such field");
            } else {
                compare(sentProperty.getPrimaryType(), property.getPrimaryType(), at, depth + 1);
            }
        }
        if (!readsPart) {
            for (String name : sentNames) {
                if (!readNames.contains(name)) {
                    found.add(where + "." + name + ": the writer sends it, the reader does not know it");
                }
            }
        }
    }

    private static Kind kind(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw == void.class || raw == Void.class) {
            return Kind.ANY;
        }
        if (raw == String.class || raw == char.class || raw == Character.class || CharSequence.class.isAssignableFrom(raw)) {
            return Kind.TEXT;
        }
        if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class || raw == Integer.class || raw == Long.class
                || raw == Short.class || raw == Byte.class || raw == BigInteger.class) {
            return Kind.WHOLE;
        }
        if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class || raw == BigDecimal.class
                || raw == Number.class) {
            return Kind.DECIMAL;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (raw.isEnum()) {
            return Kind.ENUM;
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return Kind.ARRAY;
        }
        if (type.isMapLikeType()) {
            return Kind.OBJECT_MAP;
        }
        if (raw.isPrimitive() || raw.getName().startsWith("java.") || raw.getName().startsWith("javax.")) {
            return Kind.ANY; // dates, UUIDs, URIs...: written as text or numbers of their own kind; judged by each value
        }
        return Kind.BEAN;
    }

    private static List<String> constants(JavaType type) {
        return Arrays.stream(type.getRawClass().getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }

    private static String name(Kind kind) {
        return switch (kind) {
            case TEXT -> "a string";
            case WHOLE -> "a whole number";
            case DECIMAL -> "a number";
            case BOOLEAN -> "true or false";
            case ENUM -> "one of a set of names";
            case ARRAY -> "an array";
            case OBJECT_MAP, BEAN -> "an object";
            case ANY -> "a value";
        };
    }
}
