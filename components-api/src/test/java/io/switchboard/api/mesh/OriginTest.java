package io.switchboard.api.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class OriginTest {

    @Test
    void anOriginSaysWhoInOneLine() {
        assertEquals("user:alice (session s-1)", Origin.user("alice", "s-1").toString());
        assertEquals("user:alice", Origin.user("alice", null).toString());
        assertEquals("component:deviceManager@1.1.0", Origin.component("deviceManager", "1.1.0").toString());
        assertEquals("anonymous:anonymous", Origin.anonymous().toString());
        assertEquals(Origin.Kind.SYSTEM, Origin.system().kind());
    }

    @Test
    void originsAreValues() {
        assertEquals(Origin.user("bob", "s"), Origin.user("bob", "s"));
        assertNotEquals(Origin.user("bob", "s"), Origin.user("bob", "t"));
    }

    @Test
    void subscribeOptionsChooseDeliveryAndNarrowTheRange() {
        assertEquals(SubscribeOptions.Delivery.ANY, SubscribeOptions.any().delivery());
        SubscribeOptions all = SubscribeOptions.all().range("^2.0.0");
        assertEquals(SubscribeOptions.Delivery.ALL, all.delivery());
        assertEquals("^2.0.0", all.range());
    }
}
