package io.switchboard.stats;

import org.osgi.annotation.versioning.ProviderType;

/** A count that only goes up, from {@link Stats#counter}. Thread-safe, lock-free. */
@ProviderType
@FunctionalInterface
public interface Counter {

    /** Counts nothing: what a bundle uses while no stats service runs. */
    Counter NONE = amount -> {
    };

    /** Adds {@code amount} (0 or more). */
    void add(long amount);

    default void increment() {
        add(1);
    }
}
