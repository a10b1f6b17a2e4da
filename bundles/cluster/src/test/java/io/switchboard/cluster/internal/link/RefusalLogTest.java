package io.switchboard.cluster.internal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.event.Level;
import org.slf4j.Marker;

class RefusalLogTest {

    /** Keeps what would be logged. */
    private static final class Lines extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable t) {
            lines.add(org.slf4j.helpers.MessageFormatter.arrayFormat(pattern, arguments).getMessage());
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker marker) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker marker) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }

    private long now = 5_000;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    };

    @Test
    void theFirstRefusalOfAKindIsLoggedAndRepeatsAreCountedInTheNextLine() {
        Lines log = new Lines();
        RefusalLog refusals = new RefusalLog(log, clock);
        refusals.refused("10.0.0.9", RefusalLog.Kind.SECRET, "the node 'x' did not prove the cluster secret");
        refusals.refused("10.0.0.9", RefusalLog.Kind.SECRET, "again");
        refusals.refused("10.0.0.9", RefusalLog.Kind.SECRET, "and again");
        refusals.refused("10.0.0.9", RefusalLog.Kind.PROTOCOL, "it does not speak the link protocol");
        refusals.refused("10.0.0.8", RefusalLog.Kind.SECRET, "another host");
        now += RefusalLog.INTERVAL_MILLIS;
        refusals.refused("10.0.0.9", RefusalLog.Kind.SECRET, "later");
        assertEquals(List.of(
                "refused a node link from 10.0.0.9: the node 'x' did not prove the cluster secret",
                "refused a node link from 10.0.0.9: it does not speak the link protocol",
                "refused a node link from 10.0.0.8: another host",
                "refused a node link from 10.0.0.9: later (2 more like it from there in the last 10 s not logged)"), log.lines);
    }
}
