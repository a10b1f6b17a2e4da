package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Request;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.security.SecurityService.Decision;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/** The session authorizer checks a login once per request, with the clock it is given, and answers with distinct codes. */
class SessionAuthorizerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final Principal ann = new Principal("ann", Set.of(), "t1", NOW.plusSeconds(3_600), "u-ann", 0);
    private final Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of(Principal.SESSION_ATTRIBUTE, ann));
    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
            (proxy, method, args) -> method.getName().equals("attributes") ? attributes : null);
    /** What the security service was asked. */
    private final List<Access> asked = new ArrayList<>();

    private SessionAuthorizer authorizer(Decision answer) {
        SecurityService security = (SecurityService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecurityService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("decide") && args.length == 2) {
                        asked.add((Access) args[1]);
                        return answer;
                    }
                    throw new AssertionError("not expected: " + method);
                });
        return new SessionAuthorizer(security, CLOCK);
    }

    private static final Request REQUEST = new Request(IntNode.valueOf(1), "get", JsonNodeFactory.instance.objectNode());

    private String refusal(SessionAuthorizer authorizer, Access access) {
        return assertThrows(SwitchboardException.class, () -> authorizer.authorize(session, REQUEST, access)).code();
    }

    @Test
    void anAllowedRequestAsksOnceWithWhatWasDeclared() {
        authorizer(Decision.ALLOWED).authorize(session, REQUEST, Access.permission("get", "/shop/a"));
        authorizer(Decision.ALLOWED).authorize(session, REQUEST, Access.call("shop", "buy"));
        assertEquals(List.of(Access.permission("get", "/shop/a"), Access.permission("call", "/_exchange/shop/buy")), asked);
    }

    @Test
    void aDeniedRequestIsForbiddenAndKeepsTheLogin() {
        assertEquals("security.forbidden", refusal(authorizer(Decision.DENIED), Access.permission("get", "/office/plan")));
        assertEquals("security.forbidden", refusal(authorizer(Decision.DENIED), Access.administrators()));
        assertSame(ann, attributes.get(Principal.SESSION_ATTRIBUTE));
    }

    @Test
    void aLoginThatNoLongerStandsIsRevokedAndForgotten() {
        assertEquals("security.token-revoked", refusal(authorizer(Decision.INVALID), Access.login()));
        assertFalse(attributes.containsKey(Principal.SESSION_ATTRIBUTE));
        assertEquals("security.unauthenticated", refusal(authorizer(Decision.ALLOWED), Access.login()));
    }

    @Test
    void anyoneNeedsNoLoginAndAnExpiredTokenIsExpiredBeforeAnyCheck() {
        attributes.clear();
        authorizer(Decision.INVALID).authorize(session, REQUEST, Access.anyone());
        attributes.put(Principal.SESSION_ATTRIBUTE, new Principal("ann", Set.of(), "t1", NOW.minusSeconds(1), "u-ann", 0));
        assertEquals("security.token-expired", refusal(authorizer(Decision.ALLOWED), Access.permission("get", "/shop/a")));
        assertTrue(asked.isEmpty());
    }
}
