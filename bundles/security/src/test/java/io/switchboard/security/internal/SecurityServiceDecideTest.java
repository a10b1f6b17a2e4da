package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
import io.switchboard.security.Permission;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService.Decision;

/** {@code decide}: one check that tells a login that no longer stands from a refusal, and agrees with {@code allowed}. */
class SecurityServiceDecideTest {

    private SecurityServiceImpl security;
    private Principal ann;

    @BeforeEach
    void start(@TempDir Path home) throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20,
                event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        // the configuration's defaults, with the fewest PBKDF2 iterations the hasher takes so the test stays quick
        SecurityServiceImpl.Config config = (SecurityServiceImpl.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecurityServiceImpl.Config.class},
                (proxy, method, args) -> method.getName().equals("password_iterations") ? 1_000 : method.getDefaultValue());
        security = new SecurityServiceImpl(data, new CacheServiceImpl(data), home, config, Clock.systemUTC(),
                new AdminBootstrap("admin-pw", outcome -> { }, false));
        security.upsertUser("ann", "ann-pw", null, true, List.of(Permission.grant("/shop/**", "get"))).getValue();
        ann = security.login("ann", "ann-pw", "test", "websocket").getValue().principal();
    }

    private void assertDecision(Decision expected, Principal principal, String action, String path) {
        assertEquals(expected, security.decide(principal, action, path), action + " " + path);
        assertEquals(expected == Decision.ALLOWED, security.allowed(principal, action, path), "allowed agrees with decide");
    }

    @Test
    void aStandingLoginIsAllowedOrDenied() {
        assertDecision(Decision.ALLOWED, ann, "get", "/shop/items/1");
        assertDecision(Decision.DENIED, ann, "set", "/shop/items/1");
        assertDecision(Decision.DENIED, ann, "get", "/office/plan");
        assertDecision(Decision.DENIED, ann, "get", "/**");
    }

    @Test
    void aRevokedTokenIsInvalidWhateverThePermission() throws Exception {
        String token = security.login("ann", "ann-pw", "test", "websocket").getValue().token();
        Principal second = security.authenticate(token).getValue();
        security.revoke(token).getValue();
        assertDecision(Decision.INVALID, second, "get", "/shop/items/1");
        assertDecision(Decision.INVALID, second, "set", "/shop/items/1");
        assertDecision(Decision.ALLOWED, ann, "get", "/shop/items/1"); // her other login still stands
    }

    @Test
    void aDisabledOrRemovedUserIsInvalid() throws Exception {
        security.upsertUser("ann", null, null, false, List.of(Permission.grant("/shop/**", "get"))).getValue();
        assertDecision(Decision.INVALID, ann, "get", "/shop/items/1");
        security.upsertUser("ann", null, null, true, List.of(Permission.grant("/shop/**", "get"))).getValue();
        assertDecision(Decision.ALLOWED, ann, "get", "/shop/items/1");
        assertTrue(security.deleteUser("ann").getValue());
        assertDecision(Decision.INVALID, ann, "get", "/shop/items/1");
    }

    @Test
    void anExpiredOrMissingPrincipalIsInvalid() {
        Principal expired = new Principal("ann", ann.groups(), ann.tokenId(), Instant.now().minusSeconds(1));
        assertDecision(Decision.INVALID, expired, "get", "/shop/items/1");
        assertEquals(Decision.INVALID, security.decide(null, "get", "/shop/items/1"));
        assertFalse(security.allowed((Principal) null, "get", "/shop/items/1"));
    }
}
