package io.switchboard.stats.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Garbage collections per collector, read from the JVM's counters when the metrics are read.
 * Micrometer's {@code JvmGcMetrics} listens to a notification per collection instead, which makes
 * the JVM build a report of every memory pool at each one, many times a second under load: work
 * on the way for a number nobody reads until the next scrape.
 */
final class GcSource implements Source {

    @Override
    public void read(Readings readings) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            long count = collector.getCollectionCount();
            long millis = collector.getCollectionTime();
            if (count >= 0) {
                readings.counter("jvm.gc.collections", "garbage collections, by collector", count, "gc", collector.getName());
            }
            if (millis >= 0) {
                readings.counter("jvm.gc.collection.seconds", "time spent in garbage collections, by collector", millis / 1000.0,
                        "gc", collector.getName());
            }
        }
    }
}
