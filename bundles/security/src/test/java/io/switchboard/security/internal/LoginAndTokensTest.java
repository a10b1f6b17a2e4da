package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cache.internal.CacheServiceImpl;
import io.switchboard.data.PublishResults;
import io.switchboard.data.Query;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.security.Permission;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService.Decision;

/** Login, lockout and tokens against a real directory in memory, with a clock the test moves. */
class LoginAndTokensTest {

    private static final String ATTACKER = "/203.0.113.7:40000";
    private static final String OFFICE = "/198.51.100.20:50000";
    private static final String LOCAL = "/127.0.0.1:60000";

    @TempDir
    Path home;

    private final TestClock clock = new TestClock();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private DataServiceImpl data;
    private SecurityServiceImpl security;
    private ExecutorService pool;

    /** The configuration's defaults, with the fewest PBKDF2 iterations and these lockout limits. */
    private SecurityServiceImpl.Config config(int perSource, int perUser, long seconds) {
        return (SecurityServiceImpl.Config) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SecurityServiceImpl.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "password_iterations" -> 1_000;
                    case "lockout_attempts" -> perSource;
                    case "lockoutAttemptsPerUser" -> perUser;
                    case "lockout_seconds" -> seconds;
                    case "session_policies" -> "[{\"group\": \"brief\", \"ttlSeconds\": 60}, {\"group\": \"idle\", \"inactivitySeconds\": 60}]";
                    default -> method.getDefaultValue();
                });
    }

    private SecurityServiceImpl start(AdminBootstrap bootstrap) throws Exception {
        return new SecurityServiceImpl(data, new CacheServiceImpl(data), home, config(5, 20, 60), clock, bootstrap);
    }

    @BeforeEach
    void start() throws Exception {
        data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        security = start(new AdminBootstrap("admin-pw", outcomes::add, true));
        security.upsertUser("ann", "ann-pw", null, true, List.of(Permission.grant("/shop/**", "get"))).getValue();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static String code(Promise<?> promise) throws InterruptedException {
        Throwable failure = promise.getFailure();
        return failure instanceof SwitchboardException e ? e.code() : "ok";
    }

    private String login(String username, String password, String from) throws InterruptedException {
        return code(security.login(username, password, from, "websocket"));
    }

    @Test
    void concurrentWrongLoginsAreAllCountedAndLock() throws Exception {
        pool = Executors.newFixedThreadPool(24);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return login("ann", "wrong", ATTACKER);
            }));
        }
        start.countDown();
        for (Future<String> answer : answers) {
            String code = answer.get(30, TimeUnit.SECONDS);
            assertTrue(code.equals("security.invalid-credentials") || code.equals("security.locked"), code);
        }
        assertEquals("security.locked", login("ann", "ann-pw", ATTACKER), "24 concurrent failures lock, even for the right password");
        long stored = data.find(LoginFailures.ROOT + "ann/*/*", Query.ALL).getValue().stream()
                .filter(item -> !item.path().contains("/_all/")).mapToLong(item -> item.data().path("count").asLong()).sum();
        assertTrue(stored >= 5, "the failures are counted in the store, atomically: " + stored);
    }

    @Test
    void anAttackerLocksOnlyItselfOutAndTheLockEndsWithTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("security.invalid-credentials", login("admin", "guess" + i, ATTACKER));
        }
        assertEquals("security.locked", login("admin", "admin-pw", ATTACKER));
        assertEquals("ok", login("admin", "admin-pw", OFFICE), "the administrator still logs in from elsewhere");
        clock.advance(Duration.ofSeconds(121));
        assertEquals("ok", login("admin", "admin-pw", ATTACKER), "two periods later, the failures no longer count");
    }

    @Test
    void aSpreadOutAttackLocksTheUserEverywhereButTheLoopbackAddress() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals("security.invalid-credentials", login("admin", "guess", "/203.0.113." + i + ":1000"));
        }
        assertEquals("security.locked", login("admin", "admin-pw", OFFICE), "the per-user ceiling holds from any other address");
        assertEquals("ok", login("admin", "admin-pw", LOCAL), "an operator on the machine is never locked out by others");
        assertEquals("ok", login("admin", "admin-pw", OFFICE), "and a success clears the count");
    }

    @Test
    void unknownUsersAreLockedAlikeWithoutStoringTheirNames() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("security.invalid-credentials", login("nobody", "guess", ATTACKER));
        }
        assertEquals("security.locked", login("nobody", "guess", ATTACKER), "the same answers as for a real user");
        assertTrue(data.find(LoginFailures.ROOT + "nobody/**", Query.ALL).getValue().isEmpty(), "made-up names are not stored");
    }

    @Test
    void aPasswordChangeEndsTheTokensIssuedBefore() throws Exception {
        String token = security.login("ann", "ann-pw", OFFICE, "http").getValue().token();
        Principal before = security.authenticate(token).getValue();
        assertEquals(Decision.ALLOWED, security.decide(before, "get", "/shop/a"));
        security.upsertUser("ann", "new-pw", null, true, List.of(Permission.grant("/shop/**", "get"))).getValue();
        assertEquals("security.invalid-token", code(security.authenticate(token)));
        assertEquals(Decision.INVALID, security.decide(before, "get", "/shop/a"), "a live session with the old token no longer stands");
        assertEquals("ok", login("ann", "new-pw", OFFICE));
        security.upsertUser("ann", null, null, true, List.of(Permission.grant("/shop/**", "*"))).getValue();
        Principal after = security.login("ann", "new-pw", OFFICE, "http").getValue().principal();
        security.upsertUser("ann", null, null, true, List.of(Permission.grant("/shop/**", "get"))).getValue();
        assertEquals(Decision.ALLOWED, security.decide(after, "get", "/shop/a"), "changing permissions keeps tokens");
    }

    @Test
    void aTokenDiesWithItsUserAndDoesNotComeBackWithTheName() throws Exception {
        String token = security.login("ann", "ann-pw", OFFICE, "http").getValue().token();
        Principal principal = security.authenticate(token).getValue();
        assertTrue(security.deleteUser("ann").getValue());
        security.upsertUser("ann", "ann-pw", null, true, List.of(Permission.grant("/shop/**", "get"))).getValue();
        assertEquals("security.invalid-token", code(security.authenticate(token)), "a new user of the same name is another identity");
        assertFalse(security.isValid(principal));
    }

    @Test
    void tokensExpireByTheClock() throws Exception {
        String token = security.login("ann", "ann-pw", OFFICE, "http").getValue().token();
        Principal principal = security.authenticate(token).getValue();
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertEquals("security.token-expired", code(security.authenticate(token)));
        assertFalse(security.isValid(principal));
    }

    @Test
    void sessionPoliciesLimitATokensLifeAndIdleTimeByTheClock() throws Exception {
        security.upsertGroup(new io.switchboard.security.Group("brief", List.of())).getValue();
        security.upsertGroup(new io.switchboard.security.Group("idle", List.of())).getValue();
        security.upsertUser("bri", "bri-pw", null, true, List.of()).getValue();
        security.upsertUser("ida", "ida-pw", null, true, List.of()).getValue();
        security.addToGroup("bri", "brief").getValue();
        security.addToGroup("ida", "idle").getValue();
        String brief = security.login("bri", "bri-pw", OFFICE, "websocket").getValue().token();
        String idle = security.login("ida", "ida-pw", OFFICE, "websocket").getValue().token();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(50));
            assertEquals("ok", code(security.authenticate(idle)), "kept in use, it stays valid past its idle limit");
        }
        assertEquals("security.token-expired", code(security.authenticate(brief)), "bri's token lives 60 seconds");
        clock.advance(Duration.ofSeconds(61));
        assertEquals("security.token-expired", code(security.authenticate(idle)), "unused for longer than 60 seconds");
    }

    @Test
    void anAdminPasswordFromTheEnvironmentChangesNothingOnceTheAdminExistsAndSaysSo() throws Exception {
        assertEquals(List.of(AdminBootstrap.CREATED), outcomes, "the first start made the administrator");
        List<String> later = new ArrayList<>();
        SecurityServiceImpl restarted = start(new AdminBootstrap("another-pw", later::add, true));
        assertEquals(List.of(AdminBootstrap.EXISTS), later);
        assertEquals("security.invalid-credentials", code(restarted.login("admin", "another-pw", OFFICE, "http")));
        assertInstanceOf(SecurityServiceImpl.Login.class, restarted.login("admin", "admin-pw", OFFICE, "http").getValue());
    }
}
