package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promises;

import io.switchboard.cache.internal.CacheServiceImpl;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;
import io.switchboard.stats.StatsSnapshot;
import io.switchboard.stats.Timer;

/** Logins and lockouts reach the stats service, by outcome and scope; without one, logins work as before. */
class LoginMetersTest {

    private static final String ATTACKER = "/203.0.113.7:40000";

    @TempDir
    Path home;

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Stats stats = new Stats() {
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
            return () -> { };
        }

        @Override
        public StatsSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }
    };
    private SecurityServiceImpl security;

    @BeforeEach
    void start() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        SecurityServiceImpl.Config config = (SecurityServiceImpl.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecurityServiceImpl.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "password_iterations" -> 1_000;
                    case "lockout_attempts" -> 2;
                    default -> method.getDefaultValue();
                });
        security = new SecurityServiceImpl(data, new CacheServiceImpl(data), home, config, new TestClock(),
                new AdminBootstrap("admin-pw", outcome -> { }, true));
    }

    private long count(String name, String key, String value) {
        AtomicLong count = counts.get(name + List.of(key, value));
        return count == null ? 0 : count.get();
    }

    @Test
    void loginsAreCountedByOutcomeAndLockoutsByScope() throws Exception {
        security.bindStats(stats);

        security.login("admin", "admin-pw", ATTACKER, "password").getFailure();
        security.login("admin", "wrong", ATTACKER, "password").getFailure();
        security.login("admin", "wrong", ATTACKER, "password").getFailure();
        security.login("admin", "admin-pw", ATTACKER, "password").getFailure();

        assertEquals(1, count("switchboard.security.logins", "outcome", "ok"));
        assertEquals(2, count("switchboard.security.logins", "outcome", "failed"));
        assertEquals(1, count("switchboard.security.logins", "outcome", "locked"));
        assertEquals(1, count("switchboard.security.lockouts", "scope", "source"));
    }

    @Test
    void afterTheStatsServiceLeavesNothingIsCountedAndLoginsStillWork() throws Exception {
        security.bindStats(stats);
        security.unbindStats(stats);

        assertEquals(null, security.login("admin", "admin-pw", ATTACKER, "password").getFailure());
        assertEquals(0, count("switchboard.security.logins", "outcome", "ok"));
    }
}
