package io.switchboard.session.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;

/**
 * What the sessions of one protocol count for the stats service (docs/metrics.md): sessions opened
 * and error answers by code, counted as they happen (rare), and frames and bytes each way, read
 * from the sessions' own {@link FrameCounts} when the metrics are read, so that a frame costs the
 * stats service nothing. {@link #NONE} counts nothing, for a runtime without the stats service.
 */
final class ProtocolMeters {

    static final ProtocolMeters NONE = new ProtocolMeters(null, "", List::of, List.of());
    /** Error codes are the runtime's own, but a map keyed by them is bounded all the same. */
    private static final int ERROR_CODES_LIMIT = 256;
    private static final String FRAMES_HELP = "frames received from and sent to clients";
    private static final String BYTES_HELP = "bytes of frames received from and sent to clients";

    private final Stats stats;
    private final String protocol;
    private final Supplier<Collection<ClientSession>> sessions;
    final Counter opened;
    private final Total framesIn = new Total(FrameCounts::framesIn);
    private final Total bytesIn = new Total(FrameCounts::bytesIn);
    private final Total framesOut = new Total(FrameCounts::framesOut);
    private final Total bytesOut = new Total(FrameCounts::bytesOut);
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    /** @param registrations where the frame and byte counters' registrations go, to be closed with the meters */
    ProtocolMeters(Stats stats, String protocol, Supplier<Collection<ClientSession>> sessions, List<Stats.Registration> registrations) {
        this.stats = stats;
        this.protocol = protocol;
        this.sessions = sessions;
        if (stats == null) {
            opened = Counter.NONE;
            return;
        }
        opened = stats.counter("switchboard.session.opened", "client sessions opened", "protocol", protocol);
        registrations.add(stats.functionCounter("switchboard.session.frames", FRAMES_HELP, () -> read(framesIn), "protocol", protocol, "direction", "in"));
        registrations.add(stats.functionCounter("switchboard.session.frames", FRAMES_HELP, () -> read(framesOut), "protocol", protocol, "direction", "out"));
        registrations.add(stats.functionCounter("switchboard.session.bytes", BYTES_HELP, () -> read(bytesIn), "protocol", protocol, "direction", "in"));
        registrations.add(stats.functionCounter("switchboard.session.bytes", BYTES_HELP, () -> read(bytesOut), "protocol", protocol, "direction", "out"));
    }

    /** An error answer sent to a client. */
    void error(String code) {
        if (stats == null) {
            return;
        }
        Counter counter = errors.get(code);
        if (counter == null) {
            if (errors.size() >= ERROR_CODES_LIMIT) {
                return;
            }
            counter = errors.computeIfAbsent(code, c -> stats.counter("switchboard.session.errors", "error answers sent to clients, by code",
                    "protocol", protocol, "code", c));
        }
        counter.increment();
    }

    /** A session that writes no more, already gone from the open sessions: its counts join the ended sessions'. */
    void ended(FrameCounts counts) {
        if (stats == null) {
            return;
        }
        framesIn.ended.add(counts.framesIn());
        bytesIn.ended.add(counts.bytesIn());
        framesOut.ended.add(counts.framesOut());
        bytesOut.ended.add(counts.bytesOut());
    }

    private long read(Total total) {
        return total.read(sessions.get(), protocol);
    }

    /**
     * One count over the protocol's sessions, those open and those ended. A session that ends
     * leaves the open ones before its counts join the ended ones: a read in between would see less
     * than the one before, so a read never reports less than the last.
     */
    private static final class Total {
        final LongAdder ended = new LongAdder();
        private final ToLongFunction<FrameCounts> count;
        private long last; // guarded by this

        Total(ToLongFunction<FrameCounts> count) {
            this.count = count;
        }

        synchronized long read(Collection<ClientSession> sessions, String protocol) {
            long sum = ended.sum();
            for (ClientSession session : sessions) {
                if (session.protocol().equals(protocol)) {
                    sum += count.applyAsLong(session.frameCounts());
                }
            }
            last = Math.max(last, sum);
            return last;
        }
    }
}
