package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionPoliciesTest {

    private static final SessionPolicies.Limits DEFAULT = new SessionPolicies.Limits(Duration.ofHours(12), Duration.ZERO);

    @Test
    void theFirstMatchingPolicyWinsAndTheDefaultCoversTheRest() {
        SessionPolicies policies = new SessionPolicies("""
                [{"user": "kiosk", "ttlMinutes": 5},
                 {"group": "devices", "kind": "websocket", "ttlMinutes": 1440, "inactivityMinutes": 60},
                 {"kind": "http", "ttlMinutes": 30}]
                """, DEFAULT);
        assertEquals(Duration.ofMinutes(5), policies.limits("kiosk", Set.of("devices"), "websocket").ttl());
        SessionPolicies.Limits device = policies.limits("d1", Set.of("devices"), "websocket");
        assertEquals(Duration.ofMinutes(1440), device.ttl());
        assertEquals(Duration.ofMinutes(60), device.inactivity());
        assertEquals(Duration.ofMinutes(30), policies.limits("d1", Set.of("devices"), "http").ttl());
        assertEquals(DEFAULT, policies.limits("ann", Set.of(), "websocket"));
    }

    @Test
    void aBrokenPolicyListIsRefusedWithWhy() {
        assertThrows(IllegalArgumentException.class, () -> new SessionPolicies("{not json", DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> new SessionPolicies("{\"ttlMinutes\": 1}", DEFAULT));
    }
}
