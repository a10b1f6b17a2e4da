package io.switchboard.bus.internal.websub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/** The hub's parameters (WebSub 5.1): required ones, bounds, unknown ones ignored. */
class HubRequestTest {

    private static Map<String, String[]> form(String... pairs) {
        Map<String, String[]> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], new String[] {pairs[i + 1]});
        }
        return form;
    }

    @Test
    void aSubscribeNamesATopicOfThisHub() {
        HubRequest request = HubRequest.parse(form("hub.mode", "subscribe", "hub.topic", "http://h:1/api/bus/topics/orders", "hub.callback",
                "http://127.0.0.1/cb", "hub.lease_seconds", "120", "hub.secret", "s3cret", "hub.unknown", "ignored"));
        assertEquals("orders", request.topic());
        assertEquals(120L, request.leaseSeconds());
        assertEquals("s3cret", request.secret());
        assertFalse(request.sync());
        assertTrue(HubRequest.parse(form("hub.mode", "unsubscribe", "hub.topic", "https://x/api/bus/topics/a", "hub.callback", "http://c/",
                "hub.verify", "sync")).sync());
        HubRequest ping = HubRequest.parse(form("hub.mode", "publish", "hub.url", "http://h/api/bus/topics/news"));
        assertEquals("news", ping.topic());
        assertNull(ping.callback());
    }

    @Test
    void wrongParametersAreRefused() {
        assertCode(BusErrors.INVALID_HUB_REQUEST, form());
        assertCode(BusErrors.INVALID_HUB_REQUEST, form("hub.mode", "list", "hub.topic", "http://h/api/bus/topics/a"));
        assertCode(BusErrors.INVALID_HUB_REQUEST, form("hub.mode", "subscribe", "hub.callback", "http://c/"));
        assertCode(BusErrors.INVALID_HUB_REQUEST, form("hub.mode", "subscribe", "hub.topic", "http://h/feeds/a", "hub.callback", "http://c/"));
        assertCode(BusErrors.INVALID_HUB_REQUEST, form("hub.mode", "subscribe", "hub.topic", "orders", "hub.callback", "http://c/"));
        assertCode(BusErrors.INVALID_TOPIC_NAME, form("hub.mode", "subscribe", "hub.topic", "http://h/api/bus/topics/%20", "hub.callback", "http://c/"));
        assertCode(BusErrors.INVALID_CALLBACK, form("hub.mode", "subscribe", "hub.topic", "http://h/api/bus/topics/a"));
        assertCode(BusErrors.INVALID_HUB_REQUEST, form("hub.mode", "subscribe", "hub.topic", "http://h/api/bus/topics/a", "hub.callback", "http://c/",
                "hub.lease_seconds", "-5"));
        assertCode(BusErrors.INVALID_HUB_REQUEST, form("hub.mode", "subscribe", "hub.topic", "http://h/api/bus/topics/a", "hub.callback", "http://c/",
                "hub.lease_seconds", "soon"));
        assertCode(BusErrors.INVALID_HUB_REQUEST, form("hub.mode", "subscribe", "hub.topic", "http://h/api/bus/topics/a", "hub.callback", "http://c/",
                "hub.secret", "x".repeat(200)));
        Map<String, String[]> twice = form("hub.mode", "subscribe", "hub.callback", "http://c/");
        twice.put("hub.topic", new String[] {"http://h/api/bus/topics/a", "http://h/api/bus/topics/b"});
        assertCode(BusErrors.INVALID_HUB_REQUEST, twice);
    }

    private static void assertCode(String code, Map<String, String[]> form) {
        assertEquals(code, assertThrows(SwitchboardException.class, () -> HubRequest.parse(form)).code());
    }
}
