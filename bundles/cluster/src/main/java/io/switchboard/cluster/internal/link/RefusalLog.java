package io.switchboard.cluster.internal.link;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;

/**
 * Logs refused links without letting whoever sends them flood the log: at most one line per source
 * address per interval, with the count of those left out, and a bounded number of addresses.
 */
final class RefusalLog {

    private static final long INTERVAL_MILLIS = 10_000;
    private static final int MAX_SOURCES = 256;

    private final Logger log;
    private final Clock clock;
    private final Map<String, long[]> bySource = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    RefusalLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** @param source the remote address; {@code reason} names what was refused, in words (never peer text unclipped) */
    synchronized void refused(String source, String reason) {
        long now = clock.millis();
        long[] state = bySource.computeIfAbsent(source, s -> new long[] {Long.MIN_VALUE, 0});
        if (now - state[0] < INTERVAL_MILLIS) {
            state[1]++;
            return;
        }
        long suppressed = state[1];
        state[0] = now;
        state[1] = 0;
        log.warn("refused a node link from {}: {}{}", source, reason,
                suppressed == 0 ? "" : " (" + suppressed + " more from there not logged)");
    }
}
