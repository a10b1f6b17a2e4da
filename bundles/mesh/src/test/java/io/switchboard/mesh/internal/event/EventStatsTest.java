package io.switchboard.mesh.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.EventEnvelope;

/** Events are counted each on its own up to a cap; beyond it, whatever names they carry, they share "other". */
class EventStatsTest {

    private final EventStats stats = new EventStats();

    private static EventEnvelope event(String component, String name) {
        return new EventEnvelope(component, "1.0.0", name, "x", Origin.system(), 0);
    }

    @Test
    void eventsPastTheCapShareOtherSoNamesSentCannotGrowTheCounts() {
        for (int i = 0; i < EventStats.MAX_EVENTS; i++) {
            stats.of(event("c" + (i % 7), "e" + i)).emitted.increment();
        }
        EventStats.PerEvent first = stats.of(event("c0", "e0"));
        for (int i = 0; i < 10_000; i++) {
            stats.of(event("flood" + i, "e" + i)).emitted.increment();
        }

        assertSame(first, stats.of(event("c0", "e0")), "an event counted before the cap keeps its own counts");
        assertEquals(EventStats.MAX_EVENTS + 1, stats.byEvent().size(), "the cap, and other");
        assertEquals(10_000, stats.byEvent().get(EventStats.OTHER).emitted());
        assertEquals(1, stats.byEvent().get("c0/e0").emitted());
    }
}
