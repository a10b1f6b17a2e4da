package io.switchboard.itests.mesh;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Method and event permissions ({@code call} on {@code /_exchange/<component>/<method>}, {@code on}
 * on {@code /_events/<component>/<event>}) over WebSocket and HTTP, and the user reaching the callee
 * as its origin.
 */
class SecureMeshTest {

    private static final String ADMIN_PASSWORD = "itest-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security").withExamples()
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n");

    @BeforeAll
    static void users() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            makeUser(admin, "cal", permission("/_exchange/deviceManager/*", "call"), permission("/_events/deviceManager/alert", "on"));
            makeUser(admin, "vera", permission("/_exchange/deviceManager/version", "call"), permission("/_events/deviceManager/**", "on"));
            makeUser(admin, "nora");
        }
    }

    private static WireClient loggedIn(String username, String password) {
        WireClient client = WireClient.connect(RUNTIME.port());
        client.ok("login", object().put("username", username).put("password", password));
        return client;
    }

    private static ObjectNode permission(String pattern, String... actions) {
        ObjectNode permission = object().put("pattern", pattern);
        for (String action : actions) {
            permission.withArray("actions").add(action);
        }
        return permission;
    }

    private static void makeUser(WireClient admin, String username, ObjectNode... permissions) {
        ObjectNode request = object().put("username", username).put("password", username + "-pass");
        request.putArray("permissions");
        for (ObjectNode permission : permissions) {
            request.withArray("permissions").add(permission);
        }
        admin.ok("security.upsertUser", request);
    }

    private static ObjectNode call(String method, Object... args) {
        ObjectNode request = object().put("component", "deviceManager").put("method", method);
        var array = request.putArray("args");
        for (Object arg : args) {
            array.add(WireClient.json(arg instanceof String s ? "\"" + s + "\"" : arg.toString()));
        }
        return request;
    }

    private static ObjectNode reading(double value) {
        return object().put("deviceId", "thermostat-1").put("value", value);
    }

    @Test
    void callAndOnNeedTheirGrantsAndDescribeNeedsALogin() {
        try (WireClient anonymous = WireClient.connect(RUNTIME.port())) {
            assertEquals("security.unauthenticated", anonymous.error("describe", object()));
            assertEquals("security.unauthenticated", anonymous.error("call", call("version")));
        }
        try (WireClient nora = loggedIn("nora", "nora-pass")) {
            assertFalse(nora.ok("describe", object()).get("components").isEmpty());
            assertEquals("security.forbidden", nora.error("call", call("version")));
            assertEquals("security.forbidden", nora.error("event.on", object().put("component", "deviceManager").put("event", "alert")));
        }
        try (WireClient vera = loggedIn("vera", "vera-pass")) {
            assertEquals("1.0.0", vera.ok("call", call("version")).asText());
            assertEquals("security.forbidden", vera.error("call", call("devices")), "only version is granted");
            vera.ok("event.on", object().put("component", "deviceManager").put("event", "**"));
        }
        try (WireClient cal = loggedIn("cal", "cal-pass")) {
            cal.ok("call", call("devices"));
            assertEquals("security.forbidden", cal.error("event.on", object().put("component", "deviceManager").put("event", "*")),
                    "a pattern needs a grant that covers all of it");
            assertEquals("security.forbidden", cal.error("call", object().put("component", "deviceManager/x").put("method", "version")),
                    "a component name cannot add a segment to the permission path");
        }
    }

    @Test
    void theCalleeSeesTheUserAndGrantedEventsArrive() {
        try (WireClient cal = loggedIn("cal", "cal-pass")) {
            String origin = cal.ok("call", call("origin")).asText();
            assertEquals(true, origin.startsWith("user:cal (session "), origin);
            String subscription = cal.ok("event.on", object().put("component", "deviceManager").put("event", "alert")).get("subscription").asText();
            ObjectNode update = object().put("component", "deviceManager").put("method", "update");
            update.putArray("args").add(reading(77));
            cal.ok("call", update);
            JsonNode publication = cal.publication();
            assertEquals(subscription, publication.get("publication").asText());
            assertEquals(77.0, publication.get("event").get("data").get("value").asDouble());
        }
    }

    @Test
    void aLoggedInUserWithoutGrantsIsToldWhenTheDescriptionChanges() throws Exception {
        try (WireClient nora = loggedIn("nora", "nora-pass")) {
            nora.ok("describe", object().put("watch", true));
            Path jar = RUNTIME.process().deploy().resolve("device-manager-1.1.0.jar");
            Files.copy(Distribution.example("device-manager-1.1.0.jar"), jar);
            try {
                while (true) {
                    JsonNode notice = nora.publication();
                    assertEquals("mesh.description", notice.get("publication").asText(), notice.toString());
                    if (notice.get("event").toString().contains("\"version\":\"1.1.0\",\"state\":\"running\"")) {
                        break;
                    }
                }
            } finally {
                Files.delete(jar);
            }
            Await.until("1.1.0 gone", Duration.ofSeconds(20), () -> {
                try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
                    return !admin.ok("describe", object()).toString().contains("1.1.0");
                }
            });
        }
    }

    @Test
    void plainHttpCallsAreCheckedTheSameWayAndCarryTheUser() throws Exception {
        String cal = token("cal");
        HttpResponse<String> origin = post("/api/exchange/deviceManager/origin", cal);
        assertEquals(200, origin.statusCode(), origin.body());
        assertEquals("\"user:cal\"", origin.body());

        HttpResponse<String> forbidden = post("/api/exchange/deviceManager/version", token("nora"));
        assertEquals(403, forbidden.statusCode(), forbidden.body());
        assertEquals("security.forbidden", Http.json(forbidden).get("error").get("code").asText());

        String vera = token("vera");
        assertEquals(200, post("/api/exchange/deviceManager/version", vera).statusCode());
        assertEquals(403, post("/api/exchange/deviceManager/devices", vera).statusCode());
        assertEquals(403, post("/api/exchange/deviceManager/devices/", vera).statusCode(), "a trailing slash is the same method");
        assertEquals(401, post("/api/exchange/deviceManager/version", null).statusCode());
    }

    private static String token(String user) throws IOException, InterruptedException {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + user + "-pass\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        return Http.json(login).get("token").asText();
    }

    private static HttpResponse<String> post(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString("[]"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
