package io.switchboard.session.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

import io.switchboard.protocol.internal.SwitchboardJsonProtocol;
import io.switchboard.queue.Lanes;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.session.Connection;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.stats.Stats;

/**
 * For the benchmarks (bench/jmh, outside OSGi, hence in the session bundle's private package): one
 * handshaken session on the JSON protocol, as the session manager opens it (direct lanes, no rate
 * limit, a permit-all authorizer), whose frames go to a connection that takes them at once, and
 * whose meters count into {@code stats} ({@code null}: no stats service, as with {@code enabled = false}).
 */
public final class BenchSessions {

    private BenchSessions() {
    }

    public static SessionEndpoint open(Stats stats) {
        Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
        SessionMeters meters = stats == null ? SessionMeters.NONE : new SessionMeters(stats, sessions::values);
        Pipeline pipeline = new Pipeline();
        pipeline.authorizer((session, request, access) -> { });
        SessionSettings settings = new SessionSettings(10_000, 3, 10_000, 1L << 30, false, 0, 0);
        ClientSession session = new ClientSession("bench", new TakingConnection(), new SwitchboardJsonProtocol(), pipeline, settings,
                Lanes.direct("bench-inbound", ForkJoinPool.commonPool(), 1_000, OverflowPolicy.REJECT), afterRun -> Lanes.direct("bench", ForkJoinPool.commonPool(), 1_000, OverflowPolicy.REJECT),
                () -> sessions.remove("bench"), () -> meters);
        sessions.put("bench", session);
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        return session;
    }

    /** A connection that has written every frame as soon as it is given. */
    private static final class TakingConnection implements Connection {
        @Override
        public String transport() {
            return "bench";
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:0";
        }

        @Override
        public void send(String frame, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void write(byte[] frame, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
