package io.switchboard.stats.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.noop.NoopMeter;
import io.micrometer.core.instrument.TimeGauge;
import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;
import io.switchboard.stats.StatsSnapshot;
import io.switchboard.stats.Timer;

/** {@link Stats} on a Micrometer registry: the one place where names and labels are checked. */
final class MicrometerStats implements Stats {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int NAME_LIMIT = 128;
    /** Longer label values (a component's method, a queue's name) are cut, so no series name grows without end. */
    static final int LABEL_VALUE_LIMIT = 128;

    private final MeterRegistry registry;
    private final String instance;
    private final Clock clock;
    private final Runnable beforeRead;
    /** The meters made so far by name and labels: asking again gives the same one. Null for one beyond the series limit. */
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, Timing> timings = new ConcurrentHashMap<>();
    /** The sources of the function counters registered and not yet closed (see {@link #functionCounter}). */
    private final Map<LongSupplier, Meter> sources = new ConcurrentHashMap<>();

    /**
     * @param beforeRead brings the series read from the runtime's services up to date before a snapshot
     */
    MicrometerStats(MeterRegistry registry, String instance, Clock clock, Runnable beforeRead) {
        this.registry = registry;
        this.instance = instance;
        this.clock = clock;
        this.beforeRead = beforeRead;
    }

    @Override
    public Counter counter(String name, String help, String... labels) {
        Tags tags = tags(labels);
        String checked = checkedName(name);
        LongAdder count = counts.computeIfAbsent(key(checked, tags), key -> {
            LongAdder adder = new LongAdder();
            Meter meter = FunctionCounter.builder(checked, adder, LongAdder::sum).description(help).tags(tags).register(registry);
            return meter instanceof NoopMeter ? null : adder;
        });
        if (count == null) {
            return Counter.NONE;
        }
        return amount -> {
            if (amount > 0) { // a count only goes up
                count.add(amount);
            }
        };
    }

    @Override
    public Timer timer(String name, String help, String... labels) {
        Tags tags = tags(labels);
        String checked = checkedName(name);
        Timing timing = timings.computeIfAbsent(key(checked, tags), key -> {
            Timing made = new Timing();
            Meter meter = FunctionTimer.builder(checked, made, Timing::count, Timing::totalNanos, TimeUnit.NANOSECONDS).description(help)
                    .tags(tags).register(registry);
            return meter instanceof NoopMeter ? null : made;
        });
        return timing == null ? Timer.NONE : timing::record;
    }

    /**
     * A timer's count and total as two lock-free adds: Micrometer reads them when it exports
     * (a function timer), so recording costs no more than that, whatever registries are behind.
     */
    static final class Timing {
        private final LongAdder count = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();

        void record(long nanos) {
            count.increment();
            if (nanos > 0) { // a caller that times one in N records the others with no time
                totalNanos.add(nanos);
            }
        }

        long count() {
            return count.sum();
        }

        double totalNanos() {
            return totalNanos.sum();
        }
    }

    private static String key(String name, Tags tags) {
        return name + tags;
    }

    @Override
    public Registration gauge(String name, String help, DoubleSupplier value, String... labels) {
        Gauge gauge = Gauge.builder(checkedName(name), value::getAsDouble).description(help).tags(tags(labels))
                .strongReference(true).register(registry);
        return () -> registry.remove(gauge);
    }

    /**
     * Micrometer holds a function counter's source weakly: the sources are held here until their
     * registration is closed, so a lambda given by a caller is not collected while it is exported.
     */
    @Override
    public Registration functionCounter(String name, String help, LongSupplier total, String... labels) {
        Meter meter = FunctionCounter.builder(checkedName(name), total, source -> (double) source.getAsLong()).description(help)
                .tags(tags(labels)).register(registry);
        if (meter instanceof NoopMeter || sources.containsValue(meter)) {
            return () -> { }; // beyond the series limit, or registered already: the first source stays
        }
        sources.put(total, meter);
        return () -> {
            if (sources.remove(total, meter)) {
                registry.remove(meter);
            }
        };
    }

    @Override
    public StatsSnapshot snapshot() {
        beforeRead.run();
        List<StatsSnapshot.Metric> metrics = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            StatsSnapshot.Metric metric = metric(meter);
            if (metric != null) {
                metrics.add(metric);
            }
        }
        metrics.sort((a, b) -> a.name().equals(b.name()) ? a.labels().toString().compareTo(b.labels().toString()) : a.name().compareTo(b.name()));
        return new StatsSnapshot(instance, clock.instant(), metrics);
    }

    private static StatsSnapshot.Metric metric(Meter meter) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Tag tag : meter.getId().getTagsAsIterable()) {
            labels.put(tag.getKey(), tag.getValue());
        }
        String name = meter.getId().getName();
        return meter.match(
                gauge -> new StatsSnapshot.Metric(name, "gauge", labels, Map.of("value", finite(gauge.value()))),
                counter -> new StatsSnapshot.Metric(name, "counter", labels, Map.of("count", counter.count())),
                timer -> timer(name, labels, timer.count(), timer.totalTime(TimeUnit.SECONDS)),
                summary -> null,
                longTaskTimer -> null,
                (TimeGauge timeGauge) -> new StatsSnapshot.Metric(name, "gauge", labels, Map.of("value", finite(timeGauge.value(TimeUnit.SECONDS)))),
                (FunctionCounter counter) -> new StatsSnapshot.Metric(name, "counter", labels, Map.of("count", counter.count())),
                (FunctionTimer timer) -> timer(name, labels, (long) timer.count(), timer.totalTime(TimeUnit.SECONDS)),
                other -> null);
    }

    private static StatsSnapshot.Metric timer(String name, Map<String, String> labels, long count, double total) {
        return new StatsSnapshot.Metric(name, "timer", labels, Map.of("count", (double) count, "totalSeconds", total));
    }

    /** JSON has no NaN: a gauge whose source is gone reads as -1 in a snapshot. */
    private static double finite(double value) {
        return Double.isFinite(value) ? value : -1;
    }

    static String checkedName(String name) {
        if (name == null || name.length() > NAME_LIMIT || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a metric name is dotted lower-case words such as switchboard.session.frames, not '" + name + "'");
        }
        return name;
    }

    static Tags tags(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in pairs: key, value");
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < labels.length; i += 2) {
            String key = labels[i];
            if (key == null || key.length() > NAME_LIMIT || !LABEL.matcher(key).matches()) {
                throw new IllegalArgumentException("a label key is a lower-case word such as protocol, not '" + key + "'");
            }
            String value = labels[i + 1] == null ? "" : labels[i + 1];
            tags = tags.and(key, value.length() > LABEL_VALUE_LIMIT ? value.substring(0, LABEL_VALUE_LIMIT) : value);
        }
        return tags;
    }
}
