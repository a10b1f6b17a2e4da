package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;

/**
 * Two nodes of a cluster on one store, a token that may go unused for 60 seconds (so each node
 * records its uses at most every 7.5 s), and a clock the test moves: a use on either node counts on
 * both, and a token unused everywhere stops working everywhere.
 */
class TokenInactivityAcrossNodesTest {

    private static final long LIMIT_SECONDS = 60;
    private static final Duration GRANULARITY = Duration.ofMillis(TokenActivity.granularityMillis(LIMIT_SECONDS * 1000));

    @TempDir
    Path homes;

    private final TestClock clock = new TestClock();
    private final AtomicInteger recordsWritten = new AtomicInteger();
    private DataServiceImpl data;
    private SecurityServiceImpl a;
    private SecurityServiceImpl b;

    private SecurityServiceImpl.Config config() {
        return (SecurityServiceImpl.Config) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SecurityServiceImpl.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "password_iterations" -> 1_000;
                    case "token_inactivity_minutes" -> 1L;
                    default -> method.getDefaultValue();
                });
    }

    private SecurityServiceImpl node(String name) throws Exception {
        Executor counted = write -> {
            recordsWritten.incrementAndGet();
            write.run();
        };
        return new SecurityServiceImpl(data, new CacheServiceImpl(data), homes.resolve(name), config(), clock,
                new AdminBootstrap("admin-pw", outcome -> { }, true), name, counted);
    }

    @BeforeEach
    void cluster() throws Exception {
        data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        a = node("a");
        b = node("b");
        a.upsertUser("ann", "ann-pw", null, true, List.of()).getValue();
    }

    private static String code(Promise<?> promise) throws InterruptedException {
        return promise.getFailure() instanceof SwitchboardException e ? e.code() : "ok";
    }

    private SecurityService.Login loginOnA() throws Exception {
        return a.login("ann", "ann-pw", "/127.0.0.1:1", "websocket").getValue();
    }

    @Test
    void aTokenKeptInUseOnOneNodeStaysAliveOnTheOther() throws Exception {
        SecurityService.Login login = loginOnA();
        Principal onA = a.authenticate(login.token()).getValue();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(30));
            assertEquals("ok", code(b.authenticate(login.token())), "used on b every 30 s");
        }
        assertTrue(a.isValid(onA), "a's session of it lives: unused on a for 180 s, but used on b 0 s ago");
        assertEquals("ok", code(a.authenticate(login.token())));
    }

    @Test
    void aUseTheOtherNodeHasNotRecordedYetStillCounts() throws Exception {
        SecurityService.Login login = loginOnA();
        Principal onA = a.authenticate(login.token()).getValue();
        clock.advance(Duration.ofSeconds(10));
        assertEquals("ok", code(b.authenticate(login.token()))); // recorded: b's first use
        clock.advance(GRANULARITY.minusSeconds(1));
        assertEquals("ok", code(b.authenticate(login.token()))); // within a granularity of the last record: not written
        clock.advance(Duration.ofSeconds(LIMIT_SECONDS - 1));
        assertTrue(a.isValid(onA), "b's last use was 59 s ago; the store has an older one, taken as a granularity later");
    }

    @Test
    void aTokenUnusedOnEveryNodeStopsWorkingOnEveryNode() throws Exception {
        SecurityService.Login login = loginOnA();
        Principal onA = a.authenticate(login.token()).getValue();
        clock.advance(Duration.ofSeconds(10));
        Principal onB = b.authenticate(login.token()).getValue();
        clock.advance(Duration.ofSeconds(LIMIT_SECONDS).plus(GRANULARITY).plusSeconds(1));
        assertFalse(a.isValid(onA), "unused on both for longer than the limit and a granularity");
        assertFalse(b.isValid(onB));
        assertEquals("security.token-expired", code(a.authenticate(login.token())));
        assertEquals("security.token-expired", code(b.authenticate(login.token())));
        SecurityServiceImpl c = node("c");
        assertEquals("security.token-expired", code(c.authenticate(login.token())), "a node that never saw it reads its last use");
    }

    @Test
    void aRequestWritesNothingToTheStoreUntilAGranularityHasPassed() throws Exception {
        SecurityService.Login login = loginOnA();
        Principal onB = b.authenticate(login.token()).getValue();
        int afterFirstUses = recordsWritten.get();
        for (int i = 0; i < 1_000; i++) {
            clock.advance(Duration.ofMillis(5)); // 5 s in all, less than a granularity
            assertTrue(b.isValid(onB));
        }
        assertEquals(afterFirstUses, recordsWritten.get(), "a thousand requests within a granularity write nothing");
        clock.advance(GRANULARITY);
        assertTrue(b.isValid(onB));
        assertEquals(afterFirstUses + 1, recordsWritten.get(), "the first request a granularity later writes its use once");
        assertEquals(2, data.find(StoredTokenUses.ROOT + login.principal().tokenId() + "/*", Query.ALL).getValue().size(),
                "one record per node");
    }

    @Test
    void theRecordsOfExpiredTokensAreRemoved() throws Exception {
        loginOnA();
        assertEquals(1, data.count(StoredTokenUses.ROOT + "*/*", null).getValue());
        clock.advance(Duration.ofHours(13)); // past the token's 12 hours and the hourly sweep
        b.authenticate(loginOnA().token()).getValue(); // a write on b sweeps
        assertEquals(2, data.count(StoredTokenUses.ROOT + "*/*", null).getValue(), "the expired token's record is gone, the new one's two stay");
    }
}
