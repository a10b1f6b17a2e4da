package io.switchboard.stats.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.http.HttpServletRequest;

class ScrapeAccessTest {

    private static final String TOKEN = "0123456789abcdef-scrape";
    /** An authorizer that refuses every request without a login, as the security bundle's does. */
    private static final HttpAuthorizer REFUSES = (request, access) -> {
        throw new SwitchboardException(AccessErrors.UNAUTHENTICATED, "log in first");
    };

    @Test
    void theScrapeTokenPassesWithoutAskingTheAuthorizer() {
        ScrapeAccess access = new ScrapeAccess(TOKEN, () -> REFUSES);
        assertDoesNotThrow(() -> access.check(request("Bearer " + TOKEN)));
    }

    @Test
    void aWrongTokenOrNoneIsLeftToTheAuthorizer() {
        ScrapeAccess access = new ScrapeAccess(TOKEN, () -> REFUSES);
        assertEquals(AccessErrors.UNAUTHENTICATED, assertThrows(SwitchboardException.class, () -> access.check(request("Bearer " + TOKEN + "x"))).code());
        assertEquals(AccessErrors.UNAUTHENTICATED, assertThrows(SwitchboardException.class, () -> access.check(request(null))).code());
    }

    @Test
    void withoutAScrapeTokenAnEmptyBearerIsNotOne() {
        ScrapeAccess access = new ScrapeAccess("", () -> REFUSES);
        assertThrows(SwitchboardException.class, () -> access.check(request("Bearer ")));
    }

    @Test
    void withoutAnAuthorizerNothingButTheTokenPasses() {
        ScrapeAccess access = new ScrapeAccess(TOKEN, () -> null);
        assertEquals(AccessErrors.UNAVAILABLE, assertThrows(SwitchboardException.class, () -> access.check(request(null))).code());
    }

    private static HttpServletRequest request(String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        return (HttpServletRequest) Proxy.newProxyInstance(ScrapeAccessTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> method.getName().equals("getHeader") ? headers.get((String) args[0]) : null);
    }
}
