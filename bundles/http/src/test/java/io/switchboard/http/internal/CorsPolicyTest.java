package io.switchboard.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private static final String[] METHODS = {"GET", "POST", "PUT"};
    private static final String[] HEADERS = {"Authorization", "Content-Type"};

    private static CorsPolicy allowing(boolean credentials, String... origins) {
        return new CorsPolicy(origins, METHODS, HEADERS, 600, credentials);
    }

    @Test
    void offByDefaultAllowsNoOriginAndSaysSoToAPreflight() {
        CorsPolicy off = CorsPolicy.off();
        assertFalse(off.enabled());
        assertFalse(off.allows("https://app.example.com"));
        CorsPolicy.Preflight answer = off.preflight("https://app.example.com", "GET", null);
        assertFalse(answer.allowed());
        assertTrue(answer.refusal().contains("CORS is off"), answer.refusal());
        assertTrue(answer.headers().isEmpty());
    }

    @Test
    void anAllowedOriginGetsItsPreflightAnsweredWithTheListedMethodsAndHeaders() {
        CorsPolicy policy = allowing(false, "https://app.example.com, https://admin.example.com:8443/");
        CorsPolicy.Preflight answer = policy.preflight("https://admin.example.com:8443", "put", "content-type, authorization");
        assertTrue(answer.allowed(), answer.refusal());
        assertEquals(Map.of("Access-Control-Allow-Origin", "https://admin.example.com:8443",
                "Access-Control-Allow-Methods", "GET, POST, PUT",
                "Access-Control-Allow-Headers", "Authorization, Content-Type",
                "Access-Control-Max-Age", "600"), answer.headers());
    }

    @Test
    void aMethodOrHeaderNotListedIsRefused() {
        CorsPolicy policy = allowing(false, "https://app.example.com");
        assertTrue(policy.preflight("https://app.example.com", "DELETE", null).refusal().contains("DELETE"));
        assertTrue(policy.preflight("https://app.example.com", "GET", "X-Secret").refusal().contains("X-Secret"));
        assertFalse(policy.preflight("https://evil.example", "GET", null).allowed());
    }

    @Test
    void credentialsOnlyWhenAskedForAndNeverForAnyOrigin() {
        assertFalse(allowing(false, "https://app.example.com").actual("https://app.example.com").containsKey("Access-Control-Allow-Credentials"));
        assertEquals("true", allowing(true, "https://app.example.com").actual("https://app.example.com").get("Access-Control-Allow-Credentials"));
        CorsPolicy any = allowing(true, "*");
        assertTrue(any.allows("https://whoever.example"));
        assertFalse(any.allowsCredentials());
        assertFalse(any.allows("null"), "an opaque origin is nobody's");
    }

    @Test
    void entriesThatAreNotOriginsAreIgnoredAndReported() {
        CorsPolicy policy = allowing(false, "https://app.example.com/path", "ftp://files.example.com", "https://ok.example.com");
        assertEquals(List.of("https://app.example.com/path", "ftp://files.example.com"), policy.ignored());
        assertTrue(policy.allows("https://ok.example.com"));
        assertFalse(policy.allows("https://app.example.com"));
    }
}
