package io.switchboard.session.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.switchboard.stats.Stats;

/**
 * The sessions' meters for one stats service, per protocol, made when a protocol's first session
 * opens (or, for sessions already open when the stats service comes, at once): its counters
 * ({@link ProtocolMeters}) and two gauges read when metrics are read (open sessions, bytes queued
 * and unsent), so that nothing is counted on the way for them.
 * {@link #NONE} while no stats service runs.
 */
final class SessionMeters {

    static final SessionMeters NONE = new SessionMeters(null, List::of);

    private final Stats stats;
    private final Supplier<Collection<ClientSession>> sessions;
    private final Map<String, ProtocolMeters> byProtocol = new ConcurrentHashMap<>();
    /** The gauges and the function counters, closed with the meters. */
    private final List<Stats.Registration> gauges = new CopyOnWriteArrayList<>();

    SessionMeters(Stats stats, Supplier<Collection<ClientSession>> sessions) {
        this.stats = stats;
        this.sessions = sessions;
        if (stats != null) {
            sessions.get().forEach(session -> of(session.protocol()));
        }
    }

    Stats stats() {
        return stats;
    }

    ProtocolMeters of(String protocol) {
        if (stats == null) {
            return ProtocolMeters.NONE;
        }
        ProtocolMeters meters = byProtocol.get(protocol);
        return meters != null ? meters : byProtocol.computeIfAbsent(protocol, this::create);
    }

    private ProtocolMeters create(String protocol) {
        gauges.add(stats.gauge("switchboard.sessions", "open client sessions", () -> open(protocol), "protocol", protocol));
        gauges.add(stats.gauge("switchboard.session.unsent.bytes", "bytes queued to clients and not yet sent", () -> unsent(protocol),
                "protocol", protocol));
        return new ProtocolMeters(stats, protocol, sessions, gauges);
    }

    private double open(String protocol) {
        return sessions.get().stream().filter(s -> s.isOpen() && s.protocol().equals(protocol)).count();
    }

    private double unsent(String protocol) {
        return sessions.get().stream().filter(s -> s.isOpen() && s.protocol().equals(protocol)).mapToLong(ClientSession::unsentBytes).sum();
    }

    void close() {
        gauges.forEach(Stats.Registration::close);
    }
}
