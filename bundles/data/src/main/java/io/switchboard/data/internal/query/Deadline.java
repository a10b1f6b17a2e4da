package io.switchboard.data.internal.query;

import java.time.Clock;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;

/**
 * When a query must be done. It is checked while the query runs (for each document it looks at,
 * and every few thousand characters a regular expression reads), so a query that would run long
 * stops with {@code data.query-timeout} instead of holding a thread for a client that may be gone.
 */
public final class Deadline {

    /** A deadline that never comes, for work that must not stop halfway. */
    public static final Deadline NONE = new Deadline(null, Long.MAX_VALUE, 0);

    /** Characters a regular expression may read between two looks at the clock. */
    private static final int CHARS_PER_CHECK = 4096;

    private final Clock clock;
    private final long endMillis;
    private final long limitMillis;

    private Deadline(Clock clock, long endMillis, long limitMillis) {
        this.clock = clock;
        this.endMillis = endMillis;
        this.limitMillis = limitMillis;
    }

    /** A deadline {@code limitMillis} from now on {@code clock}. */
    public static Deadline after(Clock clock, long limitMillis) {
        long now = clock.millis();
        return new Deadline(clock, limitMillis >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + limitMillis, limitMillis);
    }

    /** @throws SwitchboardException {@code data.query-timeout} once the deadline has passed */
    public void check() {
        if (clock != null && clock.millis() > endMillis) {
            throw new SwitchboardException(DataErrors.QUERY_TIMEOUT, "the query took longer than its limit of " + limitMillis
                    + " ms (queryTimeoutMillis) and was stopped; narrow the path pattern or simplify the criteria");
        }
    }

    /**
     * The text as a regular expression reads it: a long one checks the deadline as it is read, so
     * that even a single match on a large value is bounded in time.
     */
    CharSequence watch(String text) {
        return clock == null || text.length() <= CHARS_PER_CHECK ? text : new WatchedText(text);
    }

    private final class WatchedText implements CharSequence {
        private final String text;
        private int untilCheck = CHARS_PER_CHECK;

        WatchedText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--untilCheck <= 0) {
                untilCheck = CHARS_PER_CHECK;
                check();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
