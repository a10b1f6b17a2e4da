package io.switchboard.stats;

import org.osgi.annotation.versioning.ProviderType;

/** Durations of one kind of work, from {@link Stats#timer}: a count and a total. Thread-safe, lock-free. */
@ProviderType
@FunctionalInterface
public interface Timer {

    /** Records nothing: what a bundle uses while no stats service runs. */
    Timer NONE = nanos -> {
    };

    /** Records one piece of work that took {@code nanos} nanoseconds ({@link System#nanoTime()} differences). */
    void record(long nanos);
}
