package io.switchboard.stats.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Series read from the runtime's own stats objects (queues, the mesh, data subscriptions) when metrics are
 * read, rather than counted on their hot paths: a source reports its current values into a round
 * ({@link #begin()} … {@link #end()}); a series seen for the first time is registered, one no longer
 * reported (a queue, a component gone) is removed. Thread-safe; rounds do not overlap.
 */
public final class Readings {

    private final MeterRegistry registry;
    private final Map<String, Reading> readings = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    Readings(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The value of one series as last reported; what Micrometer reads. */
    static final class Reading {
        volatile double value;
        Meter meter;

        double value() {
            return value;
        }
    }

    synchronized void begin() {
        seen.clear();
    }

    /** A count since start (exported with {@code _total}). */
    synchronized void counter(String name, String help, double value, String... labels) {
        report("c", name, help, value, labels);
    }

    synchronized void gauge(String name, String help, double value, String... labels) {
        report("g", name, help, value, labels);
    }

    /** Ends a round: series that were not reported in it are removed. */
    synchronized void end() {
        for (Iterator<Map.Entry<String, Reading>> it = readings.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Reading> entry = it.next();
            if (!seen.contains(entry.getKey())) {
                registry.remove(entry.getValue().meter);
                it.remove();
            }
        }
    }

    synchronized void clear() {
        begin();
        end();
    }

    private void report(String kind, String name, String help, double value, String... labels) {
        Tags tags = MicrometerStats.tags(labels);
        String key = kind + name + tags;
        seen.add(key);
        Reading reading = readings.get(key);
        if (reading == null) {
            reading = new Reading();
            reading.value = value;
            String checked = MicrometerStats.checkedName(name);
            reading.meter = kind.equals("c")
                    ? FunctionCounter.builder(checked, reading, Reading::value).description(help).tags(tags).register(registry)
                    : Gauge.builder(checked, reading, Reading::value).description(help).tags(tags).strongReference(true).register(registry);
            readings.put(key, reading);
        }
        reading.value = value;
    }
}
