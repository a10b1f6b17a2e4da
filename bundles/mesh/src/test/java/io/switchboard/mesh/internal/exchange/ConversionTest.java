package io.switchboard.mesh.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.internal.exchange.ConversionFailure.Kind;
import io.switchboard.system.json.JsonLimits;

/**
 * What crossing between class spaces may and may not do to a value: the cases (a renamed
 * field read as 0, 1.7 read as 1, deep and self-referring values) as a caller would hit them.
 */
class ConversionTest {

    private final Conversion conversion = new Conversion();

    /** The caller's copy of the callee's 1.0.0 type. */
    public record StockV1(String item, int available) {
    }

    /** The callee's 2.0.0 type: 'available' renamed. */
    public record StockV2(String item, int quantity) {
    }

    public record Reading(String deviceId, int value) {
    }

    /** A view that reads only part of the data, and says so. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ItemOnly(String item) {
    }

    public record WithComputed(String item, int available) {
        public int getDoubled() {
            return available * 2; // written, never read: not a field the data could set
        }
    }

    private ConversionFailure failure(Object value, Class<?> type) {
        return assertThrows(ConversionFailure.class, () -> conversion.to(value, type, false));
    }

    @Test
    void aRenamedFieldIsNotReadAsZero() {
        ConversionFailure e = failure(new StockV2("bolt", 2000), StockV1.class);
        assertEquals(Kind.INCOMPATIBLE, e.kind());
        SwitchboardException shown = e.toException("inventory@2.0.0 stock result", MeshErrors.BAD_RESULT);
        assertEquals(MeshErrors.INCOMPATIBLE_DATA, shown.code());
        assertTrue(shown.getMessage().contains("'quantity'"), shown.getMessage());
    }

    @Test
    void aMissingFieldIsNamedWithTheValueItWouldHaveBeenGiven() {
        ConversionFailure e = failure(Map.of("item", "bolt"), StockV1.class);
        assertEquals(Kind.INCOMPATIBLE, e.kind());
        assertTrue(e.getMessage().contains("field 'available'") && e.getMessage().contains("missing") && e.getMessage().contains("0"),
                e.getMessage());
    }

    @Test
    void aNumberThatWouldChangeIsRefusedAndOneThatWouldNotIsKept() {
        ConversionFailure e = failure(Map.of("deviceId", "t1", "value", 1.7), Reading.class);
        assertTrue(e.getMessage().contains("field 'value'") && e.getMessage().contains("1.7") && e.getMessage().contains(" 1,"),
                e.getMessage());
        assertEquals(new Reading("t1", 2000), conversion.to(Map.of("deviceId", "t1", "value", 2000.0), Reading.class, false));
        ConversionFailure top = assertThrows(ConversionFailure.class, () -> conversion.to(1.7, int.class, false));
        assertEquals(Kind.INCOMPATIBLE, top.kind());
        assertEquals(9_007_199_254_740_993L, conversion.to(9_007_199_254_740_993L, long.class, false));
        assertEquals(Kind.INCOMPATIBLE, assertThrows(ConversionFailure.class,
                () -> conversion.to(9_007_199_254_740_993L, double.class, false)).kind(), "a long a double cannot hold");
    }

    @Test
    void nestedFieldsAreNamedWithTheirPath() {
        record Order(String id, List<Reading> readings) {
        }
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "o1");
        order.put("readings", List.of(Map.of("deviceId", "a", "value", 1), Map.of("deviceId", "b", "value", 2, "unit", "C")));
        ConversionFailure e = failure(order, Order.class);
        assertTrue(e.getMessage().contains("field 'readings[1].unit'"), e.getMessage());
    }

    @Test
    void leniencyAcceptsWhatStrictnessRefuses() {
        assertEquals(new StockV1("bolt", 0), conversion.to(new StockV2("bolt", 2000), StockV1.class, true));
        assertEquals(new Reading("t1", 1), conversion.to(Map.of("deviceId", "t1", "value", 1.7), Reading.class, true));
    }

    @Test
    void aTypeThatReadsPartOfTheDataSaysSoAndIsStillStrictAboutTheRest() {
        assertEquals(new ItemOnly("bolt"), conversion.to(new StockV2("bolt", 2000), ItemOnly.class, false));
        assertEquals(Kind.INCOMPATIBLE, failure(Map.of("quantity", 3), ItemOnly.class).kind());
    }

    @Test
    void computedPropertiesAreNotMistakenForMissingFields() {
        assertEquals(new WithComputed("bolt", 3), conversion.to(Map.of("item", "bolt", "available", 3), WithComputed.class, false));
    }

    @Test
    void sameClassesPassUntouched() {
        Reading reading = new Reading("t1", 1);
        assertSame(reading, conversion.to(reading, Reading.class, false));
    }

    @Test
    void aValueOfTheWrongShapeIsDescribedInTheSendersTermsWithoutClassNames() {
        ConversionFailure text = failure("not a reading", Reading.class);
        assertEquals(Kind.UNREADABLE, text.kind());
        assertTrue(text.getMessage().contains("an object with the fields deviceId, value"), text.getMessage());
        ConversionFailure field = failure(Map.of("deviceId", "t1", "value", "high"), Reading.class);
        assertTrue(field.getMessage().contains("field 'value'") && field.getMessage().contains("a whole number"), field.getMessage());
        for (ConversionFailure e : List.of(text, field)) {
            assertFalse(e.getMessage().contains("io.switchboard") || e.getMessage().contains("Exception") || e.getMessage().contains("java."),
                    e.getMessage());
        }
    }

    @Test
    void deepOrSelfReferringValuesFailWithoutOverflowingTheStack() {
        List<Object> deep = new ArrayList<>();
        List<Object> at = deep;
        for (int i = 0; i < 10_000; i++) {
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        assertEquals(Kind.UNWRITABLE, assertThrows(ConversionFailure.class, () -> conversion.toData(deep)).kind());
        assertEquals(Kind.UNWRITABLE, assertThrows(ConversionFailure.class, () -> conversion.to(deep, Reading.class, false)).kind());

        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        assertEquals(Kind.UNWRITABLE, assertThrows(ConversionFailure.class, () -> conversion.toData(loop)).kind());

        Node node = new Node();
        node.next = node;
        ConversionFailure e = assertThrows(ConversionFailure.class, () -> conversion.toData(node));
        assertEquals(Kind.UNWRITABLE, e.kind());
        assertTrue(e.getMessage().contains(String.valueOf(JsonLimits.maxDepth())), e.getMessage());
    }

    /** A component's own object graph that refers to itself. */
    public static final class Node {
        public Node next;
    }

    @Test
    void dataAtTheDepthLimitStillConverts() {
        Object value = "leaf";
        for (int i = 0; i < JsonLimits.maxDepth(); i++) {
            value = List.of(value);
        }
        assertEquals(value, conversion.toData(value));
    }

    @Test
    void frozenDataCannotBeChangedByTheFirstReader() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tags", new ArrayList<>(List.of("a")));
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) conversion.toFrozenData(payload);
        assertThrows(UnsupportedOperationException.class, () -> frozen.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) frozen.get("tags")).add("b"));
        payload.put("late", true);
        assertFalse(frozen.containsKey("late"), "a copy, not a view of the emitter's map");
    }
}
