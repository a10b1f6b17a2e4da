package io.switchboard.mesh.internal.event;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.switchboard.mesh.EventCounts;
import io.switchboard.mesh.EventEnvelope;

/** What event delivery counted, for stats and tests: on this node, and per event. */
public final class EventStats {

    /**
     * The most events counted each on its own; the rest share {@link #OTHER}. Events are keyed by the
     * emitting component and the event name, which another node's components choose: the cap keeps what
     * they send from growing the map.
     */
    static final int MAX_EVENTS = 500;
    /** The key the events beyond {@link #MAX_EVENTS} share; it has no {@code /}, so no event's key is the same. */
    public static final String OTHER = "other";

    final LongAdder emitted = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder hopLimitDrops = new LongAdder();
    final LongAdder overdueHandlers = new LongAdder();

    /** One event's counts. */
    static final class PerEvent {
        final LongAdder emitted = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder handlerFailures = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder lost = new LongAdder();
        final LongAdder hopLimitDrops = new LongAdder();

        EventCounts counts() {
            return new EventCounts(emitted.sum(), delivered.sum(), retries.sum(), handlerFailures.sum(), lost.sum(), hopLimitDrops.sum());
        }
    }

    /** By component, then event name: two lookups and no allocation for an event already counted. */
    private final Map<String, Map<String, PerEvent>> byEvent = new ConcurrentHashMap<>();
    private final AtomicInteger events = new AtomicInteger();
    private final PerEvent other = new PerEvent();

    /** The counts of the event, {@link #OTHER}'s once {@link #MAX_EVENTS} events are counted. */
    PerEvent of(EventEnvelope event) {
        Map<String, PerEvent> names = byEvent.get(event.component());
        PerEvent counts = names == null ? null : names.get(event.name());
        return counts != null ? counts : add(event.component(), event.name());
    }

    private PerEvent add(String component, String name) {
        if (events.get() >= MAX_EVENTS) {
            return other;
        }
        PerEvent counts = byEvent.computeIfAbsent(component, c -> new ConcurrentHashMap<>()).computeIfAbsent(name, n -> {
            if (events.incrementAndGet() > MAX_EVENTS) {
                events.decrementAndGet();
                return null; // not kept: counted as other
            }
            return new PerEvent();
        });
        return counts != null ? counts : other;
    }

    /** Each event counted so far, as {@code component/event}, by key; {@link #OTHER} when events went there. */
    public Map<String, EventCounts> byEvent() {
        Map<String, EventCounts> all = new TreeMap<>();
        byEvent.forEach((component, names) -> names.forEach((name, counts) -> all.put(component + "/" + name, counts.counts())));
        EventCounts rest = other.counts();
        if (!rest.equals(EventCounts.NONE)) {
            all.put(OTHER, rest);
        }
        return all;
    }

    /** Counts a handler that ran past the acknowledgement timeout. */
    public void overdue() {
        overdueHandlers.increment();
    }

    public long emitted() {
        return emitted.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long handlerFailures() {
        return handlerFailures.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long lost() {
        return lost.sum();
    }

    public long hopLimitDrops() {
        return hopLimitDrops.sum();
    }

    public long overdueHandlers() {
        return overdueHandlers.sum();
    }
}
