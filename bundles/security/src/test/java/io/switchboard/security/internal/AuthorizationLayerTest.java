package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Request;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.security.SecurityService.Decision;
import io.switchboard.session.Session;

/**
 * The layer checks a session's login once per request, and answers with the same codes as when it
 * checked the login and then the permission separately.
 */
class AuthorizationLayerTest {

    private final Principal ann = new Principal("ann", Set.of(), "t1", Instant.now().plusSeconds(3_600));
    private final Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of(Principal.SESSION_ATTRIBUTE, ann));
    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
            (proxy, method, args) -> method.getName().equals("attributes") ? attributes : null);
    /** The security service's calls, by method name. */
    private final List<String> calls = new ArrayList<>();

    private AuthorizationLayer layer(boolean valid, boolean permitted) {
        SecurityService security = (SecurityService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SecurityService.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "isValid" -> valid;
                        case "allowed" -> valid && permitted;
                        case "decide" -> !valid ? Decision.INVALID : permitted ? Decision.ALLOWED : Decision.DENIED;
                        default -> throw new AssertionError("not expected: " + method);
                    };
                });
        return new AuthorizationLayer(security);
    }

    private static Request request(String action, String... params) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < params.length; i += 2) {
            node.put(params[i], params[i + 1]);
        }
        return new Request(IntNode.valueOf(1), action, node);
    }

    private static String refusal(AuthorizationLayer layer, Session session, Request request) {
        return assertThrows(SwitchboardException.class, () -> layer.inbound(session, request)).code();
    }

    @Test
    void anAllowedRequestChecksTheLoginOnce() {
        AuthorizationLayer layer = layer(true, true);
        Request set = request("set", "path", "/shop/a");
        assertSame(set, layer.inbound(session, set));
        Request call = request("call", "component", "shop", "method", "buy");
        assertSame(call, layer.inbound(session, call));
        assertEquals(List.of("decide", "decide"), calls);
    }

    @Test
    void aDeniedRequestIsForbiddenAndKeepsTheLogin() {
        AuthorizationLayer layer = layer(true, false);
        assertEquals("security.forbidden", refusal(layer, session, request("get", "path", "/office/plan")));
        assertEquals("security.forbidden", refusal(layer, session, request("event.on", "component", "shop", "event", "sold")));
        assertEquals(List.of("decide", "decide"), calls);
        assertSame(ann, attributes.get(Principal.SESSION_ATTRIBUTE));
    }

    @Test
    void aLoginThatNoLongerStandsIsRevokedAndForgotten() {
        AuthorizationLayer layer = layer(false, true);
        assertEquals("security.token-revoked", refusal(layer, session, request("set", "path", "/shop/a")));
        assertEquals(List.of("decide"), calls);
        assertFalse(attributes.containsKey(Principal.SESSION_ATTRIBUTE));
        assertEquals("security.unauthenticated", refusal(layer, session, request("set", "path", "/shop/a")));
    }

    @Test
    void actionsWithoutAPathStillNeedAStandingLogin() {
        assertSame("describe", layer(true, false).inbound(session, request("describe")).action());
        assertEquals("security.forbidden", refusal(layer(true, true), session, request("security.users")), "for administrators");
        assertEquals(List.of("isValid", "isValid"), calls);
        assertEquals("security.token-revoked", refusal(layer(false, true), session, request("security.users")));
    }

    @Test
    void aMalformedMeshNameFromALoginThatNoLongerStandsHearsRevokedFirst() {
        assertEquals("security.forbidden", refusal(layer(true, true), session, request("call", "component", "a/b", "method", "m")));
        assertEquals("security.token-revoked", refusal(layer(false, true), session, request("call", "component", "a/b", "method", "m")));
    }

    @Test
    void anExpiredTokenIsExpiredBeforeAnyCheck() {
        attributes.put(Principal.SESSION_ATTRIBUTE, new Principal("ann", Set.of(), "t1", Instant.now().minusSeconds(1)));
        assertEquals("security.token-expired", refusal(layer(true, true), session, request("get", "path", "/shop/a")));
        assertTrue(calls.isEmpty());
    }
}
