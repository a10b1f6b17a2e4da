package io.switchboard.cluster.internal.link;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;

/**
 * Logs refused links without letting whoever sends them flood the log: per source address and kind
 * of refusal, at most one line per interval, which counts the ones left out; and a bounded number of
 * sources remembered.
 */
final class RefusalLog {

    /** The kinds of refusal, each limited on its own so that one kind never hides another. */
    enum Kind {
        PROTOCOL,
        SECRET,
        INCOMPLETE,
        BUSY
    }

    static final long INTERVAL_MILLIS = 10_000;
    private static final int MAX_SOURCES = 256;

    private final Logger log;
    private final Clock clock;
    /** Per source and kind: when a line was last written, and how many were left out since. */
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

    /**
     * @param source the remote host (its address, without the port, which changes with every connection)
     * @param reason what was refused, in words; text from the peer only clipped ({@link Handshake#clip})
     */
    synchronized void refused(String source, Kind kind, String reason) {
        long now = clock.millis();
        long[] state = bySource.get(source + " " + kind);
        if (state != null && now - state[0] < INTERVAL_MILLIS) {
            state[1]++;
            return;
        }
        long suppressed = state == null ? 0 : state[1];
        bySource.put(source + " " + kind, new long[] {now, 0});
        log.warn("refused a node link from {}: {}{}", source, reason,
                suppressed == 0 ? "" : " (" + suppressed + " more like it from there in the last " + INTERVAL_MILLIS / 1000 + " s not logged)");
    }
}
