package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.protocol.Outbound;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.session.Session;

/** Publications pass while the user may see what they are about, and a subscription is stopped only by a permission taken away. */
class PublicationLayerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Principal ann = new Principal("ann", Set.of(), "t1", Instant.now().plusSeconds(3_600), "u-ann", 0);
    private final Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of(Principal.SESSION_ATTRIBUTE, ann));
    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
            (proxy, method, args) -> method.getName().equals("attributes") ? attributes : null);
    /** Ann may see /feed/public/** only. */
    private final PublicationLayer layer = new PublicationLayer((SecurityService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {SecurityService.class}, (proxy, method, args) -> {
                if (method.getName().equals("allowed")) {
                    return args[1].equals("on") && PatternAlgebra.covers("/feed/public/**", (String) args[2]);
                }
                throw new AssertionError("not expected: " + method);
            }));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aRemoveReachingBeyondWhatTheUserSeesPassesWithWhatItSeesAndStopsNothing() throws Exception {
        JsonNode removed = json("{'action':'remove','path':'/feed/**','data':{'removed':2},"
                + "'meta':{'removedPaths':['/feed/public/a','/feed/private/b']}}");
        Outbound passed = layer.outbound(session, new Outbound.Publication("s1", removed));
        JsonNode event = ((Outbound.Publication) passed).event();
        assertEquals(json("['/feed/public/a']"), event.get("meta").get("removedPaths"));
        assertEquals(1, event.get("data").get("removed").asInt());
        assertEquals(2, removed.get("data").get("removed").asInt(), "the shared event is not changed");
    }

    @Test
    void aPermissionTakenAwayStopsTheSubscriptionOnce() throws Exception {
        Outbound.Publication visible = new Outbound.Publication("s1", json("{'action':'set','path':'/feed/public/a','data':{}}"));
        assertSame(visible, layer.outbound(session, visible));
        Outbound.Publication hidden = new Outbound.Publication("s2", json("{'action':'set','path':'/feed/private/a','data':{}}"));
        Outbound first = layer.outbound(session, hidden);
        assertEquals("security.subscription-stopped", ((Outbound.Error) first).code());
        assertNull(layer.outbound(session, hidden), "told once, then dropped");
    }
}
