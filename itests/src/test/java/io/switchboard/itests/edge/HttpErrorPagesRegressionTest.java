package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.RawHttp;
import io.switchboard.itests.support.RunningRuntime;

/**
 * Issue 11, item 10: every answer under /api/ is the JSON error format, including URLs Jetty
 * refuses before a servlet sees them, unknown paths and wrong methods; and no error page is HTML,
 * names a Java class, or lacks the framing and sniffing protection. Raw HTTP, as an attacker sends it.
 */
class HttpErrorPagesRegressionTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security");

    private static RawHttp http() {
        return new RawHttp(RUNTIME.port());
    }

    /** The JSON error format with this status and code, the protective headers, and nothing from Java. */
    private static void assertJsonError(RawHttp.Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.header("Content-Type").orElse("").startsWith("application/json"), response.headers().toString());
        assertEquals(code, response.errorCode(), response.body());
        assertTrue(response.json().path("error").path("message").isTextual(), response.body());
        assertEquals("nosniff", response.header("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", response.header("X-Frame-Options").orElse(null));
        assertFalse(response.body().contains("<html") || response.body().contains("Exception") || response.body().contains("java."),
                response.body());
    }

    @Test
    void aUrlJettyRefusesBeforeAnyServletAnswersJson() {
        assertJsonError(http().send("GET", "/api/data/bad%00path"), 400, "http.bad-request");
        assertJsonError(http().send("GET", "/api/data/%"), 400, "http.bad-request");
        assertJsonError(http().send("GET", "/api/data/a%0Ab"), 400, "http.bad-request");
        assertJsonError(http().send("GET", "/api/data/%C0%AE"), 400, "http.bad-request");
    }

    @Test
    void ambiguousSegmentsAnswerJsonForEveryMethod() {
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE", "POST")) {
            RawHttp.Response empty = http().send(method, "/api/data/a//x", List.of("Content-Type: application/json"), "{}");
            assertJsonError(empty, 400, "http.bad-request");
            assertTrue(empty.json().path("error").path("message").asText().contains("empty segment"), empty.body());
            assertJsonError(http().send(method, "/api/data/a%2Fx", List.of("Content-Type: application/json"), "{}"), 400, "http.bad-request");
            assertJsonError(http().send(method, "/api/%2e%2e/system/console", List.of(), null), 400, "http.bad-request");
        }
    }

    @Test
    void anUnknownPathUnderApiIsAJson404() {
        RawHttp.Response response = http().send("GET", "/api/no-such-thing");
        assertJsonError(response, 404, "http.not-found");
        assertTrue(response.json().path("error").path("message").asText().contains("/api/no-such-thing"));
        assertJsonError(http().send("DELETE", "/api/"), 404, "http.not-found");
        assertJsonError(http().send("GET", "/nothing-here"), 404, "http.not-found");
    }

    @Test
    void aWrongMethodIsAJson405() {
        assertJsonError(http().send("DELETE", "/api/ws"), 405, "http.method-not-allowed");
        assertJsonError(http().send("PUT", "/health", List.of("Content-Type: application/json"), "{}"), 405, "http.method-not-allowed");
        assertJsonError(http().send("GET", "/api/login"), 405, "http.method-not-allowed");
    }

    @Test
    void traceIsRefusedEverywhereAndEchoesNothing() {
        RawHttp.Response response = http().send("TRACE", "/system/console/bundles", "Authorization: Basic YWRtaW46aXRlc3Qtc2VjcmV0",
                "Cookie: switchboard_token=secret");
        assertJsonError(response, 405, "http.method-not-allowed");
        assertFalse(response.body().contains("secret") || response.body().contains("YWRtaW4"), response.body());
    }

    @Test
    void aRefusedWebSocketUpgradeAnswersJson() {
        RawHttp.Response response = http().send("GET", "/api/ws", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: happn.v9");
        assertJsonError(response, 400, "http.bad-request");
        assertTrue(response.json().path("error").path("message").asText().contains("switchboard.v1"), response.body());
    }

    @Test
    void aHeadRequestGetsTheStatusAndHeadersWithoutABody() {
        RawHttp.Response response = http().send("HEAD", "/api/no-such-thing");
        assertEquals(404, response.status());
        assertEquals("", response.body());
        assertEquals("DENY", response.header("X-Frame-Options").orElse(null));
    }
}
