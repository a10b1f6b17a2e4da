package io.switchboard.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Console;
import io.switchboard.itests.support.RawHttp;
import io.switchboard.itests.support.RunningRuntime;

/**
 * Issue 11, item 6, replayed as a hostile page would: a form or fetch from another origin, riding
 * on the browser's console login (HTTP Basic) or its switchboard_token cookie. The web console and
 * the APIs refuse state changes from other origins; a cookie-authenticated API request must send
 * JSON; CORS is off until an operator lists origins (the last tests do, at run time); every answer
 * forbids framing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossSiteRegressionTest {

    private static final String PASSWORD = "itest-secret";
    private static final String BASIC = "Authorization: Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
    private static final String EVIL = "https://evil.example";
    private static final String APP = "https://app.example.com";
    private static final String PLUGIN = "org.apache.felix.webconsole.plugins.ds";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security");

    private static RawHttp http() {
        return new RawHttp(RUNTIME.port());
    }

    private static Console.BundleInfo plugin() {
        return new Console(RUNTIME.process().http(), PASSWORD).bundles(PLUGIN).get(0);
    }

    private static RawHttp.Response consoleAction(String action, String... browserHeaders) {
        List<String> headers = new java.util.ArrayList<>(List.of(BASIC, "Content-Type: application/x-www-form-urlencoded"));
        headers.addAll(List.of(browserHeaders));
        return http().send("POST", "/system/console/bundles/" + plugin().id(), headers, "action=" + action);
    }

    private static String token() {
        RawHttp.Response login = http().send("POST", "/api/login", List.of("Content-Type: application/json"),
                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, login.status(), login.body());
        return login.json().get("token").asText();
    }

    private static Optional<String> stored(String token, String path) {
        RawHttp.Response get = http().send("GET", "/api/data" + path, "Authorization: Bearer " + token);
        return get.status() == 200 ? Optional.of(get.json().path("data").toString()) : Optional.empty();
    }

    @Test
    @Order(1)
    void aConsolePostFromAnotherOriginIsRefusedAndTheBundleKeepsRunning() {
        assertEquals("Active", plugin().state());
        for (String[] page : List.of(new String[] {"Origin: " + EVIL}, new String[] {"Sec-Fetch-Site: cross-site", "Origin: " + EVIL},
                new String[] {"Origin: null"}, new String[] {"Referer: " + EVIL + "/cat-pictures.html"})) {
            RawHttp.Response refused = consoleAction("stop", page);
            assertEquals(403, refused.status(), String.join(", ", page) + ": " + refused.body());
            assertEquals("http.cross-origin-refused", refused.errorCode());
            assertEquals("Active", plugin().state(), "still running after a forged stop with " + String.join(", ", page));
        }
    }

    @Test
    @Order(2)
    void aConsolePostFromItsOwnPagesWorks() {
        RawHttp.Response stop = consoleAction("stop", "Origin: " + http().origin(), "Sec-Fetch-Site: same-origin");
        assertEquals(200, stop.status(), stop.body());
        Await.until("the plugin stops", Duration.ofSeconds(10), () -> plugin().state().equals("Resolved"));
        RawHttp.Response start = consoleAction("start", "Referer: " + http().origin() + "/system/console/bundles");
        assertEquals(200, start.status(), start.body());
        Await.until("the plugin runs again", Duration.ofSeconds(10), () -> plugin().state().equals("Active"));
    }

    @Test
    @Order(3)
    void consolePagesAndApiAnswersMayNotBeFramed() {
        for (RawHttp.Response answer : List.of(http().send("GET", "/system/console/bundles", BASIC),
                http().send("GET", "/api/mesh/description", "Authorization: Bearer " + token()), http().send("GET", "/health"))) {
            assertEquals("DENY", answer.header("X-Frame-Options").orElse(null), answer.headers().toString());
            assertEquals("frame-ancestors 'none'", answer.header("Content-Security-Policy").orElse(null));
            assertEquals("nosniff", answer.header("X-Content-Type-Options").orElse(null));
        }
    }

    @Test
    @Order(4)
    void aCookieAuthenticatedTextPlainWriteFromAnotherOriginIsRefusedAndChangesNothing() {
        String token = token();
        String cookie = "Cookie: switchboard_token=" + token;
        RawHttp.Response data = http().send("PUT", "/api/data/csrf/victim", List.of(cookie, "Origin: " + EVIL, "Content-Type: text/plain"),
                "{\"pwned\":true}");
        assertEquals(403, data.status(), data.body());
        assertEquals("http.cross-origin-refused", data.errorCode());
        RawHttp.Response exchange = http().send("POST", "/api/exchange/deviceManager/update",
                List.of(cookie, "Sec-Fetch-Site: cross-site", "Origin: " + EVIL, "Content-Type: text/plain"), "[{\"deviceId\":\"x\"}]");
        assertEquals(403, exchange.status(), exchange.body());
        assertEquals("http.cross-origin-refused", exchange.errorCode());
        RawHttp.Response bearer = http().send("PUT", "/api/data/csrf/victim",
                List.of("Authorization: Bearer " + token, "Origin: " + EVIL, "Content-Type: application/json"), "{\"pwned\":true}");
        assertEquals(403, bearer.status(), "no origin is allowed while CORS is off: " + bearer.body());
        assertEquals(Optional.empty(), stored(token, "/csrf/victim"), "nothing was written");
    }

    @Test
    @Order(5)
    void aCookieAuthenticatedWriteMustSendJsonEvenFromTheSameOrigin() {
        String token = token();
        String cookie = "Cookie: switchboard_token=" + token;
        for (String type : List.of("Content-Type: text/plain", "Content-Type: application/x-www-form-urlencoded",
                "Content-Type: multipart/form-data; boundary=x")) {
            RawHttp.Response refused = http().send("PUT", "/api/data/csrf/own", List.of(cookie, type), "{\"v\":1}");
            assertEquals(415, refused.status(), type + ": " + refused.body());
            assertEquals("http.unsupported-media-type", refused.errorCode());
        }
        assertEquals(Optional.empty(), stored(token, "/csrf/own"));
        RawHttp.Response json = http().send("PUT", "/api/data/csrf/own",
                List.of(cookie, "Origin: " + http().origin(), "Content-Type: application/json"), "{\"v\":1}");
        assertEquals(200, json.status(), json.body());
        RawHttp.Response script = http().send("PUT", "/api/data/csrf/script", List.of("Authorization: Bearer " + token), "{\"v\":2}");
        assertEquals(200, script.status(), "a script with a bearer token and no browser headers is not a forgery: " + script.body());
    }

    @Test
    @Order(6)
    void corsIsOffByDefault() {
        RawHttp.Response preflight = http().send("OPTIONS", "/api/data/a", "Origin: " + APP, "Access-Control-Request-Method: PUT",
                "Access-Control-Request-Headers: authorization, content-type");
        assertEquals(403, preflight.status(), preflight.body());
        assertEquals("http.cors-refused", preflight.errorCode());
        RawHttp.Response get = http().send("GET", "/api/data/a", "Origin: " + APP, "Authorization: Bearer " + token());
        assertTrue(get.headers().keySet().stream().noneMatch(name -> name.startsWith("access-control-")), get.headers().toString());
    }

    @Test
    @Order(7)
    void listedOriginsGetCorsAndMayWriteWithATokenButNotWithTheCookie() throws IOException {
        Files.writeString(RUNTIME.process().home().resolve("etc/io.switchboard.http.cors.cfg"),
                "allowedOrigins = " + APP + "\nmaxAgeSeconds = 120\n");
        RawHttp.Response preflight = Await.until("the CORS settings apply", Duration.ofSeconds(15), () -> {
            RawHttp.Response answer = http().send("OPTIONS", "/api/data/a", "Origin: " + APP, "Access-Control-Request-Method: PUT",
                    "Access-Control-Request-Headers: authorization, content-type");
            return answer.status() == 204 ? answer : null;
        });
        assertEquals(APP, preflight.header("Access-Control-Allow-Origin").orElse(null));
        assertEquals("120", preflight.header("Access-Control-Max-Age").orElse(null));
        assertTrue(preflight.header("Access-Control-Allow-Methods").orElse("").contains("PUT"));
        assertFalse(preflight.header("Access-Control-Allow-Credentials").isPresent());
        assertEquals(403, http().send("OPTIONS", "/api/data/a", "Origin: " + EVIL, "Access-Control-Request-Method: GET").status());
        assertEquals(403, http().send("OPTIONS", "/api/data/a", "Origin: " + APP, "Access-Control-Request-Method: PUT",
                "Access-Control-Request-Headers: x-secret").status(), "a header not listed");

        String token = token();
        RawHttp.Response put = http().send("PUT", "/api/data/cors/a",
                List.of("Origin: " + APP, "Sec-Fetch-Site: cross-site", "Authorization: Bearer " + token, "Content-Type: application/json"), "{\"v\":1}");
        assertEquals(200, put.status(), put.body());
        assertEquals(APP, put.header("Access-Control-Allow-Origin").orElse(null));
        assertTrue(put.header("Vary").orElse("").contains("Origin"));
        RawHttp.Response byCookie = http().send("PUT", "/api/data/cors/b",
                List.of("Origin: " + APP, "Cookie: switchboard_token=" + token, "Content-Type: application/json"), "{\"v\":1}");
        assertEquals(403, byCookie.status(), "allowCredentials is off: " + byCookie.body());
        assertEquals(Optional.empty(), stored(token, "/cors/b"));

        RawHttp.Response console = consoleAction("stop", "Origin: " + APP);
        assertEquals(403, console.status(), "CORS origins are for the APIs, never the console: " + console.body());
        assertEquals("Active", plugin().state());
    }
}
