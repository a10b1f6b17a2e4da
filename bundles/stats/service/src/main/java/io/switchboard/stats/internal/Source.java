package io.switchboard.stats.internal;

/**
 * Reports one service's current numbers into a round of {@link Readings}. Each is a component of its own
 * that needs its service, so a runtime without that service
 * simply has no such source, and this bundle still resolves and runs.
 */
@FunctionalInterface
public interface Source {

    void read(Readings readings);
}
