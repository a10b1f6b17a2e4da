package io.switchboard.bus.internal.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/** Which callback URLs are accepted, with and without an allow-list. */
class CallbackPolicyTest {

    @Test
    void onlyAbsoluteHttpUrlsWithoutCredentialsOrFragments() {
        CallbackPolicy any = new CallbackPolicy(new String[0]);
        assertEquals("http://127.0.0.1:8080/hook?x=1", any.check("http://127.0.0.1:8080/hook?x=1").toString());
        for (String bad : new String[] {"", "hook", "/relative", "ftp://example.com/x", "file:///etc/passwd", "http://user:pw@example.com/",
                "http://example.com/#frag", "http:///nohost", "http://exa mple.com/", "javascript:alert(1)", "http://e.com/" + "a".repeat(3000)}) {
            SwitchboardException e = assertThrows(SwitchboardException.class, () -> any.check(bad), bad);
            assertEquals(BusErrors.INVALID_CALLBACK, e.code(), bad);
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
    }

    @Test
    void theAllowListNamesHostsAndSubdomains() {
        CallbackPolicy policy = new CallbackPolicy(new String[] {"hooks.example.com", " *.partner.org "});
        policy.check("https://hooks.example.com/in");
        policy.check("https://a.b.partner.org/in");
        for (String refused : new String[] {"http://127.0.0.1/x", "http://169.254.169.254/latest/meta-data", "https://example.com/", "https://partner.org/",
                "https://evilpartner.org/"}) {
            assertEquals(BusErrors.CALLBACK_NOT_ALLOWED, assertThrows(SwitchboardException.class, () -> policy.check(refused)).code(), refused);
        }
    }

    @Test
    void internalAddressesAreRecognised() {
        assertTrue(CallbackPolicy.internal("http://127.0.0.1:9/x"));
        assertTrue(CallbackPolicy.internal("http://10.1.2.3/"));
        assertTrue(CallbackPolicy.internal("http://169.254.169.254/latest"));
        assertTrue(CallbackPolicy.internal("/relative"));
        assertFalse(CallbackPolicy.internal("http://93.184.216.34/"));
    }
}
