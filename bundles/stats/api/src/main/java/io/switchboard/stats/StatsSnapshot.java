package io.switchboard.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every metric's values at one moment, under the runtime's instance name (the seeds' stats snapshot
 * by instance name): the node name of a cluster member, {@code local} otherwise.
 *
 * @param instance the runtime's instance name
 * @param taken    when the values were read
 * @param metrics  by name, then by label set
 */
public record StatsSnapshot(String instance, Instant taken, List<Metric> metrics) {

    public StatsSnapshot {
        metrics = List.copyOf(metrics);
    }

    /**
     * One series.
     *
     * @param name   the dotted name as registered ({@code switchboard.session.frames})
     * @param kind   {@code counter}, {@code gauge} or {@code timer}
     * @param labels its labels
     * @param values {@code count} for a counter, {@code value} for a gauge, {@code count} and
     *               {@code totalSeconds} for a timer
     */
    public record Metric(String name, String kind, Map<String, String> labels, Map<String, Double> values) {

        public Metric {
            labels = Map.copyOf(labels);
            values = Map.copyOf(values);
        }
    }
}
