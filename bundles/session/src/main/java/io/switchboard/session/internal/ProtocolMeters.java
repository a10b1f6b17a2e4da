package io.switchboard.session.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;

/**
 * What the sessions of one protocol count for the stats service (docs/metrics.md): sessions opened,
 * frames and bytes each way, error answers by code. {@link #NONE} counts nothing, for a runtime
 * without the stats service.
 */
final class ProtocolMeters {

    static final ProtocolMeters NONE = new ProtocolMeters(null, "");
    /** Error codes are the runtime's own, but a map keyed by them is bounded all the same. */
    private static final int ERROR_CODES_LIMIT = 256;

    private final Stats stats;
    private final String protocol;
    final Counter opened;
    final Counter framesIn;
    final Counter framesOut;
    final Counter bytesIn;
    final Counter bytesOut;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    ProtocolMeters(Stats stats, String protocol) {
        this.stats = stats;
        this.protocol = protocol;
        if (stats == null) {
            opened = framesIn = framesOut = bytesIn = bytesOut = Counter.NONE;
            return;
        }
        opened = stats.counter("switchboard.session.opened", "client sessions opened", "protocol", protocol);
        framesIn = stats.counter("switchboard.session.frames", "frames received from and sent to clients", "protocol", protocol, "direction", "in");
        framesOut = stats.counter("switchboard.session.frames", "frames received from and sent to clients", "protocol", protocol, "direction", "out");
        bytesIn = stats.counter("switchboard.session.bytes", "bytes of frames received from and sent to clients", "protocol", protocol, "direction", "in");
        bytesOut = stats.counter("switchboard.session.bytes", "bytes of frames received from and sent to clients", "protocol", protocol, "direction", "out");
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
}
