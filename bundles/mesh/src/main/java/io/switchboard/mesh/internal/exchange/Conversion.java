package io.switchboard.mesh.internal.exchange;

import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.switchboard.mesh.internal.exchange.ConversionFailure.Kind;
import io.switchboard.system.json.JsonLimits;
import io.switchboard.system.promise.Settled;

/**
 * Moves values between class spaces as data. A value whose class is already the wanted one passes
 * untouched (same classes: nothing is converted); anything else goes through Jackson, so a caller
 * compiled against one release's types can talk to another release's.
 *
 * <p>Conversion must not invent values. By default a field the receiving type does not know, a
 * field it has that the data lacks, and a number that would change (1.7 read as an {@code int})
 * fail, naming the field ({@link ConversionFailure.Kind#INCOMPATIBLE}); the data is compared with
 * the converted value written back, so whatever Jackson would have filled in or rounded shows. A
 * lenient conversion (asked for per call or per subscription) accepts all three, as Jackson does
 * by default. A type that reads only part of the data says so itself with Jackson's
 * {@code @JsonIgnoreProperties(ignoreUnknown = true)}, and stays strict about the rest.
 *
 * <p>Everything is written as data through {@link JsonLimits}: a value nested deeper than the
 * runtime accepts, or one that refers to itself, fails ({@link ConversionFailure.Kind#UNWRITABLE})
 * instead of overflowing the stack.
 */
public final class Conversion {

    private static final Object NOT_PLAIN = new Object();
    private static final int MAX_SHOWN_CHARS = 200;

    /**
     * @param strict  reads data into a type, refusing unknown fields and numbers for enums
     * @param lenient reads data into a type, ignoring unknown fields
     * @param shape   writes a converted value back, with only the properties the type can also read
     * @param data    writes values as plain data (within {@link JsonLimits}' depth: see {@link DepthLimited})
     */
    private record Mappers(ObjectMapper strict, ObjectMapper lenient, ObjectMapper shape, ObjectMapper data) {
    }

    private volatile Mappers mappers = newMappers();

    private static Mappers newMappers() {
        // Missing fields and nulls read as 0 are not refused here but by the comparison afterwards,
        // which names the field whatever the type (a record, a bean) and tells missing from null.
        ObjectMapper strict = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .build();
        ObjectMapper lenient = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        ObjectMapper shape = JsonMapper.builder()
                .enable(MapperFeature.REQUIRE_SETTERS_FOR_GETTERS) // a computed getter is not a field the data could have set
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        ObjectMapper data = JsonMapper.builder()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // a value that refers to itself is stopped by the depth limit, like any too deep one
                .disable(SerializationFeature.FAIL_ON_SELF_REFERENCES)
                .build();
        return new Mappers(strict, lenient, shape, data);
    }

    /**
     * Drops everything Jackson cached about the classes it converted, so a stopped component's class
     * loader is not kept alive by a serializer cache. Swaps are rare; the caches refill on use.
     */
    public void forget() {
        mappers = newMappers();
        // Jackson keeps one type cache for every mapper that did not get its own, components' included.
        TypeFactory.defaultInstance().clearCache();
    }

    /**
     * The value as {@code type}: untouched when it already is one, else converted as data.
     *
     * @param lenient accept unknown and missing fields and changed numbers (see the class comment)
     * @throws ConversionFailure when it cannot be, or only by inventing or changing a value
     */
    public Object to(Object value, Type type, boolean lenient) {
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
        Mappers current = mappers;
        Object data = toData(value);
        JavaType javaType = current.strict().getTypeFactory().constructType(type);
        if (lenient) {
            return read(current.lenient(), data, javaType);
        }
        Object converted = read(current.strict(), data, javaType);
        ConversionFailure changed = Fidelity.difference(data, current.shape().convertValue(converted, Object.class));
        if (changed != null) {
            throw changed;
        }
        return converted;
    }

    /**
     * The value as new plain data: maps, lists, strings, numbers, booleans and null.
     *
     * @throws ConversionFailure ({@link ConversionFailure.Kind#UNWRITABLE}) when it is nested deeper than
     *         {@link JsonLimits#maxDepth()}, refers to itself, or cannot be written as data
     */
    public Object toData(Object value) {
        Object plain = copyPlain(value, 0);
        if (plain != NOT_PLAIN) {
            return plain;
        }
        ObjectMapper data = mappers.data();
        try {
            TokenBuffer written = new TokenBuffer(data, false);
            data.writeValue(new DepthLimited(written), value);
            return data.readValue(written.asParser(), Object.class);
        } catch (StreamConstraintsException e) {
            throw tooLarge(e);
        } catch (JsonMappingException e) {
            throw e.getCause() instanceof StreamConstraintsException limit ? tooLarge(limit)
                    : new ConversionFailure(Kind.UNWRITABLE, "", "cannot be written as data (JSON)");
        } catch (IOException e) {
            throw new ConversionFailure(Kind.UNWRITABLE, "", "cannot be written as data (JSON)");
        }
    }

    /**
     * Writes into a token buffer (no text to encode and parse again), refusing to go deeper than
     * {@link JsonLimits#maxDepth()}: an object graph that refers to itself is stopped here, a few
     * dozen frames down, instead of overflowing the stack.
     */
    private static final class DepthLimited extends JsonGeneratorDelegate {

        DepthLimited(JsonGenerator buffer) {
            super(buffer, false);
        }

        private void deeper() throws StreamConstraintsException {
            if (delegate.getOutputContext().getNestingDepth() > JsonLimits.maxDepth()) {
                throw new StreamConstraintsException("nesting depth exceeds " + JsonLimits.maxDepth());
            }
        }

        @Override
        public void writeStartArray() throws IOException {
            super.writeStartArray();
            deeper();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void writeStartArray(int size) throws IOException {
            super.writeStartArray(size);
            deeper();
        }

        @Override
        public void writeStartArray(Object forValue) throws IOException {
            super.writeStartArray(forValue);
            deeper();
        }

        @Override
        public void writeStartArray(Object forValue, int size) throws IOException {
            super.writeStartArray(forValue, size);
            deeper();
        }

        @Override
        public void writeStartObject() throws IOException {
            super.writeStartObject();
            deeper();
        }

        @Override
        public void writeStartObject(Object forValue) throws IOException {
            super.writeStartObject(forValue);
            deeper();
        }

        @Override
        public void writeStartObject(Object forValue, int size) throws IOException {
            super.writeStartObject(forValue, size);
            deeper();
        }
    }

    /**
     * A result as plain data for whoever reads it as such (a client, a dynamic call).
     *
     * @param subject names the result in the failure, e.g. "deviceManager update result"
     * @throws io.switchboard.api.errors.SwitchboardException {@link io.switchboard.api.mesh.MeshErrors#BAD_RESULT}
     *         when it cannot be written as data
     */
    public Object resultAsData(Object value, String subject) {
        try {
            return toData(value);
        } catch (ConversionFailure e) {
            throw e.toException(subject, io.switchboard.api.mesh.MeshErrors.BAD_RESULT);
        }
    }

    /**
     * A call's result as plain data ({@link #resultAsData(Object, String)}), its subject ("deviceManager
     * update result") spelt only for a failure: a call that succeeds pays for no text.
     */
    public Object resultAsData(Object value, String component, String method) {
        try {
            return toData(value);
        } catch (ConversionFailure e) {
            throw e.toException(component + " " + method + " result", io.switchboard.api.mesh.MeshErrors.BAD_RESULT);
        }
    }

    /**
     * A call's answer as plain data: an answer already there is converted at once, without a promise
     * chained to it (most calls); a later one when it comes.
     */
    public Promise<Object> answerAsData(Promise<Object> answer, String component, String method, PromiseFactory promises) {
        return Settled.map(answer, result -> resultAsData(result, component, method), promises);
    }

    /**
     * A value as plain data that cannot be changed: what every subscriber of one event shares, so
     * that no handler can change what the next one reads.
     *
     * @throws ConversionFailure as {@link #toData}
     */
    public Object toFrozenData(Object value) {
        return freeze(toData(value));
    }

    private static Object freeze(Object data) {
        if (data instanceof Map<?, ?> map) {
            Map<String, Object> frozen = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            map.forEach((key, inner) -> frozen.put((String) key, freeze(inner)));
            return java.util.Collections.unmodifiableMap(frozen);
        }
        if (data instanceof List<?> list) {
            List<Object> frozen = new ArrayList<>(list.size());
            list.forEach(inner -> frozen.add(freeze(inner)));
            return java.util.Collections.unmodifiableList(frozen);
        }
        return data;
    }

    /**
     * A copy of a value made of plain data only (no object of a component's own class), or
     * {@link #NOT_PLAIN}: the common case of data that came from JSON costs no serialisation.
     */
    private static Object copyPlain(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (!(value instanceof Map) && !(value instanceof List)) {
            return NOT_PLAIN;
        }
        if (depth >= JsonLimits.maxDepth()) {
            throw tooDeep();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object inner = entry.getKey() instanceof String ? copyPlain(entry.getValue(), depth + 1) : NOT_PLAIN;
                if (inner == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                copy.put((String) entry.getKey(), inner);
            }
            return copy;
        }
        List<?> list = (List<?>) value;
        List<Object> copy = new ArrayList<>(list.size());
        for (Object element : list) {
            Object inner = copyPlain(element, depth + 1);
            if (inner == NOT_PLAIN) {
                return NOT_PLAIN;
            }
            copy.add(inner);
        }
        return copy;
    }

    private static ConversionFailure tooDeep() {
        return new ConversionFailure(Kind.UNWRITABLE, "", "is nested deeper than " + JsonLimits.maxDepth()
                + " levels (or refers to itself), more than the runtime accepts");
    }

    private static ConversionFailure tooLarge(StreamConstraintsException limit) {
        String text = String.valueOf(limit.getOriginalMessage());
        if (text.contains("nesting depth")) {
            return tooDeep();
        }
        return new ConversionFailure(Kind.UNWRITABLE, "", "holds a string or number longer than the runtime accepts");
    }

    private static Object read(ObjectMapper mapper, Object data, JavaType type) {
        try {
            return mapper.convertValue(data, type);
        } catch (IllegalArgumentException e) {
            throw explain(mapper, e.getCause() == null ? e : e.getCause(), type);
        }
    }

    /** Jackson's reason, in the sender's terms: where in the value, and what was expected there. */
    private static ConversionFailure explain(ObjectMapper mapper, Throwable cause, JavaType type) {
        if (!(cause instanceof JsonMappingException mapping)) {
            return new ConversionFailure(Kind.UNREADABLE, "", "cannot be read as " + describe(mapper, type.getRawClass()));
        }
        String where = where(mapping.getPath());
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return new ConversionFailure(Kind.INCOMPATIBLE, where, "is not known to the receiving side, which reads only "
                    + names(unknown.getKnownPropertyIds()));
        }
        if (mapping instanceof ValueInstantiationException refused) {
            Throwable reason = refused.getCause();
            String message = reason == null || reason.getMessage() == null ? "" : ": " + bounded(reason.getMessage());
            return new ConversionFailure(Kind.UNREADABLE, where, "is refused by the receiving side" + message);
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new ConversionFailure(Kind.UNREADABLE, where, "must be " + describe(mapper, mismatch.getTargetType()));
        }
        return new ConversionFailure(Kind.UNREADABLE, where, "cannot be read as " + describe(mapper, type.getRawClass()));
    }

    private static String describe(ObjectMapper mapper, Class<?> type) {
        List<String> fields = null;
        try {
            fields = mapper.getDeserializationConfig().introspect(mapper.constructType(type)).findProperties().stream()
                    .filter(BeanPropertyDefinition::couldDeserialize).map(BeanPropertyDefinition::getName).toList();
        } catch (RuntimeException notABean) {
            // described without its fields
        }
        return TypeNames.describe(type, fields);
    }

    private static String names(java.util.Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "no fields";
        }
        return known.stream().map(String::valueOf).sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** Jackson's reference chain as {@code field 'devices[2].value'}; empty for the value itself. */
    static String where(List<JsonMappingException.Reference> path) {
        StringBuilder at = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                at.append(at.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                at.append('[').append(step.getIndex()).append(']');
            }
        }
        return at.length() == 0 ? "" : "field '" + at + "'";
    }

    private static String bounded(String text) {
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "…";
    }

    private static boolean isBox(Class<?> primitive, Object value) {
        return (primitive == int.class && value instanceof Integer) || (primitive == long.class && value instanceof Long)
                || (primitive == double.class && value instanceof Double) || (primitive == boolean.class && value instanceof Boolean)
                || (primitive == float.class && value instanceof Float) || (primitive == short.class && value instanceof Short)
                || (primitive == byte.class && value instanceof Byte) || (primitive == char.class && value instanceof Character);
    }
}
