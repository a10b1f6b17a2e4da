package io.switchboard.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import io.switchboard.protocol.internal.SwitchboardJsonProtocol;
import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;
import io.switchboard.stats.StatsSnapshot;
import io.switchboard.stats.Timer;

class SessionMetersTest {

    private static final SessionSettings SETTINGS = new SessionSettings(1_000, 2, 5_000, 200, false, 0, 0);

    /** Counts by name and labels, as the stats service would. */
    private static final class CountingStats implements Stats {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
        final Map<String, LongSupplier> read = new ConcurrentHashMap<>();

        @Override
        public Counter counter(String name, String help, String... labels) {
            AtomicLong count = counts.computeIfAbsent(name + List.of(labels), key -> new AtomicLong());
            return count::addAndGet;
        }

        @Override
        public Timer timer(String name, String help, String... labels) {
            return Timer.NONE;
        }

        @Override
        public Registration gauge(String name, String help, DoubleSupplier value, String... labels) {
            String key = name + List.of(labels);
            gauges.put(key, value);
            return () -> gauges.remove(key);
        }

        @Override
        public Registration functionCounter(String name, String help, LongSupplier total, String... labels) {
            String key = name + List.of(labels);
            read.put(key, total);
            return () -> read.remove(key);
        }

        @Override
        public StatsSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }

        /** A counter's count, or a function counter's total as an exporter would read it now. */
        long count(String name, String... labels) {
            LongSupplier total = read.get(name + List.of(labels));
            if (total != null) {
                return total.getAsLong();
            }
            AtomicLong count = counts.get(name + List.of(labels));
            return count == null ? 0 : count.get();
        }
    }

    private final CountingStats stats = new CountingStats();
    private final FakeConnection connection = new FakeConnection();
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private volatile SessionMeters meters = SessionMeters.NONE;

    private ClientSession open() {
        Pipeline pipeline = new Pipeline();
        pipeline.authorizer((session, request, access) -> { });
        ClientSession session = new ClientSession("s1", connection, new SwitchboardJsonProtocol(), pipeline, SETTINGS,
                InlineLane.inbound(), InlineLane::new, () -> sessions.remove("s1"), () -> meters);
        sessions.put("s1", session);
        return session;
    }

    @Test
    void framesBytesAndErrorsAreCountedPerProtocolAndDirection() {
        meters = new SessionMeters(stats, sessions::values);
        ClientSession session = open();
        String handshake = "{\"id\":0,\"action\":\"handshake\"}";
        session.received(handshake);
        String unknown = "{\"id\":1,\"action\":\"no-such-action\"}";
        session.received(unknown);

        assertEquals(1, stats.count("switchboard.session.opened", "protocol", "switchboard.v1"));
        assertEquals(2, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "in"));
        assertEquals(2, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "out"));
        assertEquals(handshake.length() + unknown.length(), stats.count("switchboard.session.bytes", "protocol", "switchboard.v1", "direction", "in"));
        assertEquals(1, stats.counts.entrySet().stream().filter(e -> e.getKey().startsWith("switchboard.session.errors")).mapToLong(e -> e.getValue().get()).sum());
        assertEquals(1.0, stats.gauges.get("switchboard.sessions[protocol, switchboard.v1]").getAsDouble());
    }

    @Test
    void aStatsServiceThatComesLaterIsUsedBySessionsAlreadyOpen() {
        ClientSession session = open();
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        meters = new SessionMeters(stats, sessions::values);

        session.received("{\"id\":1,\"action\":\"ping\"}");

        assertEquals(2, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "in"),
                "its frames are its own counts, read from its start");
        session.received("{\"id\":2,\"action\":\"teleport\"}");
        assertEquals(1, stats.counts.entrySet().stream().filter(e -> e.getKey().startsWith("switchboard.session.errors")).mapToLong(e -> e.getValue().get()).sum(),
                "an error after the stats service came is counted");
    }

    @Test
    void theFramesOfAnEndedSessionStayCounted() {
        meters = new SessionMeters(stats, sessions::values);
        ClientSession session = open();
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        session.received("{\"id\":1,\"action\":\"ping\"}");
        assertEquals(2, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "out"));

        session.close(1000, "bye");

        assertTrue(sessions.isEmpty());
        assertEquals(2, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "in"));
        assertEquals(2, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "out"));
    }

    @Test
    void aStatsServiceThatComesWhileSessionsAreOpenCountsTheirFrames() {
        ClientSession session = open();
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        meters = new SessionMeters(stats, sessions::values);

        assertEquals(1, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "in"),
                "the series exist before the session's next frame, counted from its start");
        session.received("{\"id\":1,\"action\":\"ping\"}");
        assertEquals(2, stats.count("switchboard.session.frames", "protocol", "switchboard.v1", "direction", "in"));
    }
}
