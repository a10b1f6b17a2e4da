package io.switchboard.data.postgres.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store answers, as the last operation or probe found it. Every operation reports its
 * outcome here, so the health report and the fail-fast check cost a volatile read; the log gets
 * one line when the store goes away and one when it is back, not one per failed request.
 */
final class StoreState {

    private static final Logger LOG = LoggerFactory.getLogger(StoreState.class);

    /** What is known, replaced as a whole so that readers see a matching pair. */
    private record Known(String problem, long sinceMillis) {
        boolean up() {
            return problem == null;
        }
    }

    private final String location;
    private final Clock clock;
    private volatile Known known;

    /** Starts unknown (down, "not connected yet") until the first operation or probe succeeds. */
    StoreState(String location, Clock clock) {
        this.location = location;
        this.clock = clock;
        this.known = new Known("not connected yet", clock.millis());
    }

    boolean up() {
        return known.up();
    }

    /** Why the store is unavailable, or {@code null} while it answers. */
    String problem() {
        return known.problem();
    }

    /** How long the store has been in its current state, in milliseconds. */
    long millisInState() {
        return clock.millis() - known.sinceMillis();
    }

    String location() {
        return location;
    }

    void reachable() {
        Known before = known;
        if (!before.up()) {
            known = new Known(null, clock.millis());
            LOG.info("data store: PostgreSQL at {} is available{}", location,
                    before.problem().equals("not connected yet") ? "" : " again after " + (clock.millis() - before.sinceMillis()) + " ms");
        }
    }

    void unreachable(String why) {
        Known before = known;
        if (before.up() || !why.equals(before.problem())) {
            known = new Known(why, before.up() ? clock.millis() : before.sinceMillis());
            if (before.up() || before.problem().equals("not connected yet")) {
                LOG.warn("data store: PostgreSQL at {} is unavailable: {}; data operations fail with data.store-unavailable until it is back", location, why);
            }
        }
    }
}
