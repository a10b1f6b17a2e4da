package io.switchboard.system.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;

class AccessTest {

    @Test
    void componentsHaveTheirPlacesInThePermissionTree() {
        assertEquals(Access.permission("call", "/_exchange/shop/buy"), Access.call("shop", "buy"));
        assertEquals(Access.permission("on", "/_events/shop/sold/*"), Access.events("shop", "/sold/*"));
        assertEquals("security.forbidden", assertThrows(SwitchboardException.class, () -> Access.call("a/b", "m")).code(),
                "a component name that would read as another component's method");
        assertEquals("security.forbidden", assertThrows(SwitchboardException.class, () -> Access.events("", "e")).code());
    }

    @Test
    void aMessageNeverEchoesAWholeLongPath() {
        String shown = Access.permission("get", "/a" + "/b".repeat(100_000)).toString();
        assertTrue(shown.length() < 300, shown);
        assertTrue(shown.endsWith("(200002 characters)"), shown);
        assertEquals("'get' on /a/b", Access.permission("get", "/a/b").toString());
    }

    @Test
    void refusalsHaveTheirHttpStatus() {
        assertEquals(503, AccessErrors.httpStatus(AccessErrors.UNAVAILABLE));
        assertEquals(401, AccessErrors.httpStatus(AccessErrors.TOKEN_REVOKED));
        assertEquals(403, AccessErrors.httpStatus(AccessErrors.FORBIDDEN));
        assertEquals(400, AccessErrors.httpStatus(AccessErrors.INVALID_PERMISSION));
        assertEquals(404, AccessErrors.httpStatus(AccessErrors.UNKNOWN_USER));
        assertEquals(423, AccessErrors.httpStatus(AccessErrors.LOCKED));
        assertEquals(403, AccessErrors.httpStatus("security.something-new"));
        assertEquals(400, AccessErrors.httpStatus("protocol.missing-field"));
    }
}
