package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cache.internal.CacheServiceImpl;
import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.security.Permission;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;

/**
 * Two runtimes on one store (as two cluster nodes on PostgreSQL): one token key for both, made
 * once from the first one's key file; and every directory change and revocation made on one applies
 * on the other as soon as it hears of it (the test hands each runtime the store's events, as data
 * subscriptions across nodes do).
 */
class SharedStoreSecurityTest {

    @TempDir
    Path homes;

    private final List<DataEvent> published = new CopyOnWriteArrayList<>();
    private DataServiceImpl data;

    private SecurityServiceImpl.Config config() {
        return (SecurityServiceImpl.Config) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SecurityServiceImpl.Config.class},
                (proxy, method, args) -> method.getName().equals("password_iterations") ? 1_000 : method.getDefaultValue());
    }

    private SecurityServiceImpl runtime(String name) throws IOException {
        return new SecurityServiceImpl(data, new CacheServiceImpl(data), homes.resolve(name), config(), Clock.systemUTC(),
                new AdminBootstrap("admin-pw", outcome -> { }, true), name, Runnable::run);
    }

    @BeforeEach
    void store() {
        data = new DataServiceImpl(1 << 20, event -> {
            published.add(event);
            return new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE));
        });
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
    }

    /** Hands a runtime the store's events since the last call, as its subscriptions would. */
    private void hear(SecurityServiceImpl runtime) {
        List<DataEvent> events = new ArrayList<>(published);
        published.clear();
        events.stream().filter(event -> event.path().startsWith(Directory.ROOT)).forEach(runtime::sharedChange);
    }

    private static <T> T value(Promise<T> promise) throws Exception {
        Throwable failure = promise.getFailure();
        if (failure != null) {
            throw (Exception) failure;
        }
        return promise.getValue();
    }

    private static String code(Promise<?> promise) throws InterruptedException {
        return promise.getFailure() instanceof SwitchboardException e ? e.code() : "ok";
    }

    @Test
    void oneKeyForEveryRuntimeMadeFromTheFirstOnesKeyFile() throws Exception {
        byte[] fileKey = TokenKey.fromFile(homes.resolve("a/data/security/jwt.key"));
        Tokens before = new Tokens(fileKey, Duration.ofHours(1), Clock.systemUTC());
        String issuedBefore = before.issue("admin", "x", 0).token();

        runtime("a");
        runtime("b");
        assertArrayEquals(fileKey, TokenKey.shared(data, homes.resolve("c/data/security/jwt.key"), Duration.ofSeconds(1)));
        assertFalse(Files.exists(homes.resolve("b/data/security/jwt.key")), "b made no key of its own");
        new Tokens(TokenKey.shared(data, homes.resolve("b/data/security/jwt.key"), Duration.ofSeconds(1)), Duration.ofHours(1),
                Clock.systemUTC()).verify(issuedBefore); // a token a signed before the move verifies with the shared key
        assertTrue(published.stream().noneMatch(event -> event.path().equals(TokenKey.PATH)), "the key is never published");
    }

    @Test
    void aRuntimeWaitsForTheOneMakingTheKeyAndSaysWhatToDoIfItNeverCame() {
        value(() -> data.increment(TokenKey.PATH, "claims", 1, WriteOptions.DEFAULTS));
        IOException stuck = assertThrows(IOException.class, () -> TokenKey.shared(data, homes.resolve("x/jwt.key"), Duration.ofMillis(300)));
        assertTrue(stuck.getMessage().contains("remove " + TokenKey.PATH), stuck.getMessage());
    }

    private static void value(java.util.function.Supplier<Promise<?>> call) {
        try {
            SharedStoreSecurityTest.value(call.get());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoRuntimesThatBothMadeTheAdministratorAcceptEachOthersTokens() throws Exception {
        SecurityServiceImpl a = runtime("a");
        value(() -> data.remove(Directory.ROOT + "/users/admin", WriteOptions.DEFAULTS));
        SecurityServiceImpl b = runtime("b"); // started at the same moment: it found no administrator and made its own
        published.clear();
        String fromA = value(a.login("admin", "admin-pw", "/127.0.0.1:1", "websocket")).token();
        assertEquals("ok", code(b.authenticate(fromA)));
        String fromB = value(b.login("admin", "admin-pw", "/127.0.0.1:1", "websocket")).token();
        assertEquals("ok", code(a.authenticate(fromB)));
    }

    @Test
    void aChangeOnOneRuntimeAppliesToTheOthersSessionsOnceItHearsOfIt() throws Exception {
        SecurityServiceImpl a = runtime("a");
        SecurityServiceImpl b = runtime("b");
        value(a.upsertUser("bob", "bob-pw", null, true, List.of(Permission.grant("/shop/**", "get"))));
        SecurityService.Login onB = value(b.login("bob", "bob-pw", "/127.0.0.1:1", "websocket"));
        assertTrue(b.allowed(onB.principal(), "get", "/shop/x"), "a login reads the user from the store, heard of or not");
        hear(b);
        Principal bob = value(a.authenticate(onB.token()));
        assertTrue(b.allowed(onB.principal(), "get", "/shop/x"), "a token from b works on a, and the other way round");

        value(a.upsertUser("bob", null, null, true, List.of(Permission.grant("/other/**", "get"))));
        hear(b);
        assertFalse(b.allowed(onB.principal(), "get", "/shop/x"), "a permission change on a restricts bob on b");
        assertTrue(b.allowed(onB.principal(), "get", "/other/x"));

        SecurityService.Login second = value(b.login("bob", "bob-pw", "/127.0.0.1:1", "websocket"));
        value(a.revoke(second.token()));
        hear(b);
        assertEquals("security.token-revoked", code(b.authenticate(second.token())), "a revocation on a applies on b");
        assertFalse(b.isValid(second.principal()));

        SecurityService.Login third = value(b.login("bob", "bob-pw", "/127.0.0.1:1", "websocket"));
        value(a.revoke(third.token()));
        published.clear(); // b never hears of it (it was joining the cluster): the store still says so
        assertEquals("security.token-revoked", code(b.authenticate(third.token())));

        value(a.upsertUser("bob", "new-pw", null, true, List.of()));
        hear(b);
        assertFalse(b.isValid(onB.principal()), "a password change on a ends bob's logins on b");
        assertFalse(a.isValid(bob));

        value(a.deleteUser("bob"));
        hear(b);
        assertEquals("security.invalid-credentials", code(b.login("bob", "new-pw", "/127.0.0.1:1", "websocket")));
    }
}
