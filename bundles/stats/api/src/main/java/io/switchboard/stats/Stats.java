package io.switchboard.stats;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Counters, gauges and timers by name and labels, registered as an OSGi service by the stats bundle.
 *
 * <p>Names are dotted, lower case, in base units, without a suffix for the kind:
 * {@code switchboard.session.frames} (a counter, exported as {@code switchboard_session_frames_total}),
 * {@code switchboard.session.received.bytes}, {@code switchboard.data.operation} (a timer, exported in
 * seconds as {@code switchboard_data_operation_seconds_count} and {@code _sum}).
 * Labels are given as pairs, {@code "protocol", "switchboard.v1", "direction", "in"}; one name always
 * takes the same label keys. A name has at most the stats service's {@code seriesPerMetricLimit}
 * label combinations (1,000 by default): beyond, the meter returned counts nothing and the service
 * logs it once, so labels taken from input cannot grow the registry without end.
 *
 * <p>Asking is not free (a lookup by name and labels): ask once and keep the meter. Counting is
 * a lock-free add (a timer: two), read only when the metrics are exported; a count the caller
 * keeps anyway is exported as it is, with {@link #functionCounter}.
 */
@ProviderType
public interface Stats {

    /**
     * The counter of that name and labels, made on the first request.
     *
     * @param help   one line for the exporters' help text
     * @param labels key, value, key, value …
     * @throws IllegalArgumentException for a malformed name or an odd number of labels
     */
    Counter counter(String name, String help, String... labels);

    /** The timer of that name and labels, made on the first request; as {@link #counter}. */
    Timer timer(String name, String help, String... labels);

    /**
     * A gauge whose value is read from {@code value} whenever it is exported, until the returned
     * registration is closed; as {@link #counter}. The supplier must be quick and must not block.
     */
    Registration gauge(String name, String help, DoubleSupplier value, String... labels);

    /**
     * A counter whose total is read from {@code total} whenever it is exported, until the returned
     * registration is closed: for a count the caller keeps anyway (a session's frames), so that
     * counting costs nothing on the way. The total must never go down; it is read on the exporter's
     * thread, so it must be quick, must not block, and must be safe to call from any thread. As
     * {@link #counter} for the name and labels; a name and labels already registered keep their
     * first source.
     *
     * @since 1.1
     */
    default Registration functionCounter(String name, String help, LongSupplier total, String... labels) {
        throw new UnsupportedOperationException("this stats service does not read counters when exporting");
    }

    /** Every metric's value now, the runtime's own and the JVM's, under this runtime's instance name. */
    StatsSnapshot snapshot();

    /** Ends a gauge. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
