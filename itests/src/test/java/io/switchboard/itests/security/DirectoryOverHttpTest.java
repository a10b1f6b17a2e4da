package io.switchboard.itests.security;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 16, item 4: users and groups over HTTP ({@code /api/security/users}, {@code /api/security/groups})
 * for administrators, with the same permission cases as the {@code security.*} WebSocket actions,
 * and malformed bodies refused with a clear error, changing nothing. Raw HTTP, against the real distribution.
 */
class DirectoryOverHttpTest {

    private static final String ADMIN_PASSWORD = "itest-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security")
            .withEtc("io.switchboard.security.cfg", Attacker.SECURITY_CFG);

    private static HttpResponse<String> send(String method, String path, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) {
        return send(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String admin() {
        return Attacker.token(RUNTIME.port(), "admin", ADMIN_PASSWORD);
    }

    @Test
    void theSamePermissionCasesAsTheWebSocketActions() {
        try (WireClient admin = Attacker.loggedIn(RUNTIME.port(), "admin", ADMIN_PASSWORD)) {
            // a user with every permission on the data tree is still no administrator
            Attacker.makeUser(admin, "pat", "pat-pass", Attacker.permission("/**", "*"));
        }
        String pat = Attacker.token(RUNTIME.port(), "pat", "pat-pass");
        String admin = admin();
        // case -> {WebSocket action's code, HTTP request's code}
        Map<String, String[]> cases = new LinkedHashMap<>();
        try (WireClient anonymous = WireClient.connect(RUNTIME.port());
                WireClient user = Attacker.loggedIn(RUNTIME.port(), "pat", "pat-pass");
                WireClient administrator = Attacker.loggedIn(RUNTIME.port(), "admin", ADMIN_PASSWORD)) {
            cases.put("anonymous lists users", new String[] {anonymous.error("security.users", object()),
                    Attacker.code(send("GET", "/api/security/users", null, (String) null))});
            cases.put("a user with /** lists users", new String[] {user.error("security.users", object()),
                    Attacker.code(send("GET", "/api/security/users", pat, (String) null))});
            cases.put("a user with /** makes a user", new String[] {
                    user.error("security.upsertUser", object().put("username", "mallory").put("password", "m")),
                    Attacker.code(send("PUT", "/api/security/users/mallory", pat, "{\"password\":\"m\"}"))});
            cases.put("a user with /** joins the administrators", new String[] {
                    user.error("security.addToGroup", object().put("username", "pat").put("group", "_ADMIN")),
                    Attacker.code(send("PUT", "/api/security/users/pat/groups/_ADMIN", pat, (String) null))});
            cases.put("a forged token", new String[] {"security.invalid-token",
                    Attacker.code(send("GET", "/api/security/groups", "eyJhbGciOiJIUzI1NiJ9.e30.x", (String) null))});
            administrator.ok("security.users", object());
            cases.put("an administrator lists users", new String[] {"ok", Attacker.code(send("GET", "/api/security/users", admin, (String) null))});
        }
        cases.forEach((what, codes) -> assertEquals(codes[0], codes[1], what + ": the same answer over HTTP as over the WebSocket"));
        assertEquals(401, send("GET", "/api/security/users", null, (String) null).statusCode());
        assertEquals(403, send("GET", "/api/security/groups", pat, (String) null).statusCode());
        assertEquals(404, send("GET", "/api/security/users/mallory", admin, (String) null).statusCode(), "nothing was made");
        assertFalse(Http.json(send("GET", "/api/security/users/pat", admin, (String) null)).get("groups").toString().contains("_ADMIN"));
    }

    @Test
    void administratorsManageUsersGroupsAndMembershipsAndNeverSeeAPassword() {
        String admin = admin();
        HttpResponse<String> group = send("PUT", "/api/security/groups/readers", admin,
                "{\"permissions\":[{\"pattern\":\"/shop/**\",\"actions\":[\"get\",\"on\"]}]}");
        assertEquals(200, group.statusCode(), group.body());
        assertEquals("{\"name\":\"readers\",\"permissions\":[{\"pattern\":\"/shop/**\",\"actions\":[\"get\",\"on\"],\"prohibited\":[]}]}",
                group.body());
        HttpResponse<String> made = send("PUT", "/api/security/users/ann", admin,
                "{\"password\":\"ann-pass\",\"custom\":{\"region\":\"north\"},\"permissions\":[{\"pattern\":\"/mine/**\",\"actions\":[\"*\"]}]}");
        assertEquals(200, made.statusCode(), made.body());
        assertEquals(200, send("PUT", "/api/security/users/ann/groups/readers", admin, (String) null).statusCode());
        JsonNode ann = Http.json(send("GET", "/api/security/users/ann", admin, (String) null));
        assertEquals("[\"readers\"]", ann.get("groups").toString());
        assertEquals("north", ann.path("custom").path("region").asText());
        String annToken = Attacker.token(RUNTIME.port(), "ann", "ann-pass");
        assertEquals(200, send("PUT", "/api/data/mine/a", annToken, "{\"v\":1}").statusCode(), "her own permission works");
        assertEquals(404, send("GET", "/api/data/shop/x", annToken, (String) null).statusCode(), "and the group's: allowed, nothing there");

        HttpResponse<String> all = send("GET", "/api/security/users", admin, (String) null);
        assertTrue(all.body().contains("\"ann\"") && all.body().contains("\"admin\""), all.body());
        assertFalse(all.body().toLowerCase(java.util.Locale.ROOT).contains("password"), "no password, no hash: " + all.body());
        assertTrue(send("GET", "/api/security/groups", admin, (String) null).body().contains("\"_ADMIN\""));

        assertEquals(200, send("PUT", "/api/security/users/ann", admin, "{\"password\":\"new-pass\"}").statusCode());
        assertEquals("security.invalid-token", Attacker.code(send("GET", "/api/data/mine/a", annToken, (String) null)),
                "a new password ends the tokens issued before, as over the WebSocket");
        assertEquals(200, send("DELETE", "/api/security/users/ann/groups/readers", admin, (String) null).statusCode());
        assertEquals("[]", Http.json(send("GET", "/api/security/users/ann", admin, (String) null)).get("groups").toString());
        assertEquals(400, send("DELETE", "/api/security/groups/_ADMIN", admin, (String) null).statusCode());
        assertEquals("security.invalid-group", Attacker.code(send("DELETE", "/api/security/groups/_ADMIN", admin, (String) null)));
        assertEquals(200, send("DELETE", "/api/security/groups/readers", admin, (String) null).statusCode());
        assertEquals(200, send("DELETE", "/api/security/users/ann", admin, (String) null).statusCode());
        assertEquals("security.unknown-user", Attacker.code(send("DELETE", "/api/security/users/ann", admin, (String) null)));
        assertEquals("security.unknown-group", Attacker.code(send("GET", "/api/security/groups/readers", admin, (String) null)));
    }

    @Test
    void malformedBodiesAndNamesGetAClearErrorAndChangeNothing() {
        String admin = admin();
        assertEquals(200, send("PUT", "/api/security/users/bob", admin,
                "{\"password\":\"bob-pass\",\"permissions\":[{\"pattern\":\"/b/**\",\"actions\":[\"get\"]}]}").statusCode());
        String before = send("GET", "/api/security/users/bob", admin, (String) null).body();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not JSON", "security.invalid-request");
        bodies.put("[1,2]", "security.invalid-request");
        bodies.put("{\"password\":\"x\"} {}", "security.invalid-request");
        bodies.put("{\"password\":7}", "security.invalid-request");
        bodies.put("{\"enabled\":\"yes\"}", "security.invalid-request");
        bodies.put("{\"custom\":[1]}", "security.invalid-request");
        bodies.put("{\"passwd\":\"x\"}", "security.invalid-request");
        bodies.put("{\"permissions\":{\"pattern\":\"/a\"}}", "security.invalid-permission");
        bodies.put("{\"permissions\":[{\"pattern\":\"/a\",\"actions\":[\"fly\"]}]}", "security.invalid-permission");
        bodies.put("{\"permissions\":[{\"pattern\":\"/a\",\"actions\":\"get\"}]}", "security.invalid-permission");
        bodies.put("{\"permissions\":[{\"pattern\":\"/a/b*\",\"actions\":[\"get\"]}]}", "security.invalid-permission");
        bodies.put("{\"permissions\":[{\"pattern\":\"/a\",\"actions\":[\"get\"],\"owner\":\"me\"}]}", "security.invalid-permission");
        bodies.put("{\"permissions\":[7]}", "security.invalid-permission");
        bodies.put("{\"password\":\"\"}", "security.invalid-user");
        bodies.put("{\"custom\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}", "security.invalid-request");
        bodies.put("{\"password\":\"" + "x".repeat(70_000) + "\"}", "security.invalid-request");
        bodies.forEach((body, code) -> {
            HttpResponse<String> answer = send("PUT", "/api/security/users/bob", admin, body);
            assertEquals(400, answer.statusCode(), body.length() > 80 ? body.substring(0, 80) : body);
            assertEquals(code, Attacker.code(answer), answer.body());
            assertFalse(answer.body().contains("Exception") || answer.body().contains("com.fasterxml"), "no Java in: " + answer.body());
        });
        HttpResponse<String> notUtf8 = send("PUT", "/api/security/users/bob", admin, new byte[] {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, '"', '}'});
        assertEquals("security.invalid-request", Attacker.code(notUtf8), notUtf8.body());
        assertEquals(before, send("GET", "/api/security/users/bob", admin, (String) null).body(), "nothing changed");
        assertEquals("bob", Http.json(Attacker.login(RUNTIME.port(), "bob", "bob-pass")).has("token") ? "bob" : "", "the password stands");

        assertEquals("security.invalid-user", Attacker.code(send("PUT", "/api/security/users/%2A", admin, "{\"password\":\"p\"}")));
        assertEquals("security.invalid-user", Attacker.code(send("PUT", "/api/security/groups/a%7B%7Bx%7D%7D", admin, "{}")));
        assertEquals(404, send("GET", "/api/security/tokens", admin, (String) null).statusCode());
        assertEquals(404, send("GET", "/api/security/users/bob/friends/x", admin, (String) null).statusCode());
        assertEquals(405, send("POST", "/api/security/users", admin, "{}").statusCode());
        assertEquals(405, send("PUT", "/api/security/users", admin, "{}").statusCode());
    }
}
