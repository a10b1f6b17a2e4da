package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cache.internal.CacheServiceImpl;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.Principal;
import io.switchboard.system.access.Access;

/** Service identities for the bus: no password, tokens issued on registration, ended with the service. */
class ServiceIdentityTest {

    @TempDir
    Path home;

    private final TestClock clock = new TestClock();
    private SecurityServiceImpl security;

    @BeforeEach
    void start() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        SecurityServiceImpl.Config config = (SecurityServiceImpl.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecurityServiceImpl.Config.class},
                (proxy, method, args) -> method.getName().equals("password_iterations") ? 1_000 : method.getDefaultValue());
        security = new SecurityServiceImpl(data, new CacheServiceImpl(data), home, config, clock, new AdminBootstrap("admin-pw", outcome -> { }, true));
        security.upsertGroup(new Group("bus-services", List.of(Permission.grant("/_bus/topics/**", "publish", "consume")))).getValue();
    }

    private static String code(Promise<?> promise) throws InterruptedException {
        return promise.getFailure() instanceof SwitchboardException e ? e.code() : "ok";
    }

    @Test
    void aServiceHoldsItsIssuedTokenAndItsGroupsPermissionsButCannotLogInWithAPassword() throws Exception {
        security.createService("service:s-1", null, Set.of("bus-services")).getValue();
        String token = security.issueServiceToken("service:s-1", Duration.ofHours(1)).getValue().token();
        Principal principal = security.authenticate(token).getValue();
        assertEquals("service:s-1", principal.username());
        assertEquals(io.switchboard.security.SecurityService.Decision.ALLOWED,
                security.decide(principal, Access.permission("publish", "/_bus/topics/orders")));
        assertEquals(io.switchboard.security.SecurityService.Decision.DENIED,
                security.decide(principal, Access.permission("manage", "/_bus/topics/orders")), "only what its groups grant");
        for (String guess : new String[] {"", "null", "x"}) {
            assertEquals("security.invalid-credentials", code(security.login("service:s-1", guess, "/127.0.0.1:1", "http")));
        }
    }

    @Test
    void deletingOrSuspendingAServiceEndsItsTokens() throws Exception {
        security.createService("service:s-2", null, Set.of()).getValue();
        String token = security.issueServiceToken("service:s-2", Duration.ofHours(1)).getValue().token();
        security.upsertUser("service:s-2", null, null, false, List.of()).getValue();
        assertEquals("security.invalid-token", code(security.authenticate(token)), "a suspended service's token is refused");
        assertEquals("security.invalid-user", code(security.issueServiceToken("service:s-2", Duration.ofHours(1))));
        security.deleteUser("service:s-2").getValue();
        security.createService("service:s-2", null, Set.of()).getValue();
        security.upsertUser("service:s-2", null, null, true, List.of()).getValue();
        assertEquals("security.invalid-token", code(security.authenticate(token)), "a service made again under the name is another identity");
    }

    @Test
    void aServiceNeverTakesOverAUserOrGetsTokensForOne() throws Exception {
        security.upsertUser("ann", "ann-pw", null, true, List.of()).getValue();
        assertEquals("security.invalid-user", code(security.createService("ann", null, Set.of())));
        assertEquals("security.unknown-user", code(security.issueServiceToken("ann", Duration.ofHours(1))));
        assertEquals("security.unknown-group", code(security.createService("service:s-3", null, Set.of("nope"))));
        assertTrue(security.user("service:s-3").getValue().isEmpty(), "nothing is made when a group is missing");
    }
}
