package io.switchboard.itests.security;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/** The security feature through raw protocol frames and HTTP, against the real distribution. */
class SecureRuntimeTest {

    private static final String ADMIN_PASSWORD = "itest-secret";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security")
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\nlockout.attempts = 3\nlockout.seconds = 2\n"
                    + "session.policies = [{\"group\": \"brief\", \"ttlSeconds\": 2}, {\"group\": \"idle\", \"inactivitySeconds\": 2}]\n");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static WireClient loggedIn(String username, String password) {
        WireClient client = WireClient.connect(RUNTIME.port());
        client.ok("login", object().put("username", username).put("password", password));
        return client;
    }

    private static ObjectNode set(String path, int value) {
        ObjectNode request = object().put("path", path);
        request.putObject("data").put("v", value);
        return request;
    }

    private static ObjectNode permission(String pattern, String... actions) {
        ObjectNode permission = object().put("pattern", pattern);
        for (String action : actions) {
            permission.withArray("actions").add(action);
        }
        return permission;
    }

    /** Makes a user through the admin-only protocol actions. */
    private static void makeUser(WireClient admin, String username, String password, ObjectNode custom, ObjectNode... permissions) {
        ObjectNode request = object().put("username", username).put("password", password);
        if (custom != null) {
            request.set("custom", custom);
        }
        for (ObjectNode permission : permissions) {
            request.withArray("permissions").add(permission);
        }
        admin.ok("security.upsertUser", request);
    }

    @Test
    void nothingWithoutLoginAndTheSameAnswerForUnknownUsersAndWrongPasswords() {
        try (WireClient anonymous = WireClient.connect(RUNTIME.port())) {
            assertEquals("security.unauthenticated", anonymous.error("get", object().put("path", "/a")));
            assertEquals("security.invalid-credentials", anonymous.error("login", object().put("username", "admin").put("password", "nope")));
            assertEquals("security.invalid-credentials", anonymous.error("login", object().put("username", "nobody").put("password", "nope")));
            assertEquals("security.invalid-credentials", anonymous.error("login", object().put("username", "x".repeat(5000)).put("password", "p")));
            assertEquals("pong", anonymous.ok("ping", object()).asText(), "ping needs no login");
        }
    }

    @Test
    void grantsProhibitionsTemplatesAndTheReservedTree() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            ObjectNode prohibitSecret = object().put("pattern", "/shop/secret/**");
            prohibitSecret.withArray("prohibited").add("*");
            makeUser(admin, "ann", "ann-pass", object().put("region", "north"),
                    permission("/shop/**", "get", "on"), prohibitSecret,
                    permission("/home/{{user.username}}/**", "*"), permission("/regions/{{user.custom.region}}/*", "set"));
            admin.ok("set", set("/shop/items/1", 1));
            admin.ok("set", set("/shop/secret/plan", 2));
        }
        try (WireClient ann = loggedIn("ann", "ann-pass")) {
            assertEquals(1, ann.ok("get", object().put("path", "/shop/items/1")).get("data").get("v").asInt());
            assertEquals("security.forbidden", ann.error("set", set("/shop/items/1", 9)), "not granted");
            assertEquals("security.forbidden", ann.error("get", object().put("path", "/shop/secret/plan")), "prohibited");
            assertEquals("security.forbidden", ann.error("get", object().put("path", "/shop/**")), "a pattern reaching a prohibited path");
            assertEquals("security.forbidden", ann.error("count", object().put("path", "/shop/*")), "count needs its own grant");
            ann.ok("set", set("/home/ann/notes", 1));
            assertEquals("security.forbidden", ann.error("set", set("/home/bob/notes", 1)));
            ann.ok("set", set("/regions/north/a", 1));
            assertEquals("security.forbidden", ann.error("set", set("/regions/south/a", 1)));
            assertEquals("security.forbidden", ann.error("get", object().put("path", "/_SYSTEM/security/users/admin")));
            assertEquals("security.forbidden", ann.error("security.users", object()), "directory actions are for administrators");
        }
    }

    @Test
    void lockoutAfterFailedLoginsAndItsExpiry() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD); WireClient client = WireClient.connect(RUNTIME.port())) {
            makeUser(admin, "lou", "lou-pass", null);
            for (int i = 0; i < 3; i++) {
                assertEquals("security.invalid-credentials", client.error("login", object().put("username", "lou").put("password", "bad")));
            }
            assertEquals("security.locked", client.error("login", object().put("username", "lou").put("password", "lou-pass")),
                    "locked even with the right password");
            Await.until("the lock expires", Duration.ofSeconds(10),
                    () -> client.call("login", object().put("username", "lou").put("password", "lou-pass")).path("ok").asBoolean());
        }
        Await.until("the lockout is audited", Duration.ofSeconds(5), () -> RUNTIME.process().log().contains("audit=lockout user=lou"));
    }

    @Test
    void aRevokedTokenEndsEveryOtherSessionUsingItAndDeletingAUserEndsItsSessions() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            makeUser(admin, "tim", "tim-pass", null, permission("/tim/**", "*"));
            try (RawWebSocket first = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null);
                 WireClient second = WireClient.connect(RUNTIME.port());
                 RawWebSocket third = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null)) {
                first.sendText("{\"id\":0,\"action\":\"handshake\"}");
                first.readText();
                first.sendText("{\"id\":1,\"action\":\"login\",\"username\":\"tim\",\"password\":\"tim-pass\"}");
                assertTrue(first.readText().contains("\"ok\":true"));
                String token = second.ok("login", object().put("username", "tim").put("password", "tim-pass")).get("token").asText();
                third.sendText("{\"id\":0,\"action\":\"handshake\"}");
                third.readText();
                third.sendText("{\"id\":1,\"action\":\"login\",\"token\":\"" + token + "\"}");
                assertTrue(third.readText().contains("\"ok\":true"), "a token logs in another session");

                second.ok("logout", object());
                RawWebSocket.Frame ended = third.readAnswering();
                assertEquals(RawWebSocket.CLOSE, ended.opcode(), "the session with the revoked token is ended");
                assertEquals(4010, ended.closeCode());

                first.sendText("{\"id\":2,\"action\":\"get\",\"path\":\"/tim/a\"}");
                assertTrue(first.readText().contains("\"ok\":true"), "a session with its own token stands");
                admin.ok("security.deleteUser", object().put("username", "tim"));
                RawWebSocket.Frame deleted = first.readAnswering();
                assertEquals(4010, deleted.closeCode(), "a deleted user's session is ended");
            }
        }
        Await.until("ends are audited with a reason", Duration.ofSeconds(5),
                () -> RUNTIME.process().log().contains("reason=\"the user was deleted\""));
    }

    @Test
    void httpTakesBearerCookieOrQueryTokensAnd401Or403() throws Exception {
        String base = "http://127.0.0.1:" + RUNTIME.port();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/http/a")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals("security.unauthenticated", Http.json(anonymous).get("error").get("code").asText());

        HttpResponse<String> badLogin = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"wrong\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, badLogin.statusCode());
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String token = Http.json(login).get("token").asText();

        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/http/a")).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("admin", Http.json(put).get("meta").get("modifiedBy").asText());
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/http/a")).header("Cookie", "switchboard_token=" + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/http/a?access_token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/http/a")).header("Authorization", "Bearer " + token + "x").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "a tampered token");

        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            makeUser(admin, "hal", "hal-pass", null, permission("/http/**", "get"));
        }
        HttpResponse<String> halLogin = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"hal\",\"password\":\"hal-pass\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String halToken = Http.json(halLogin).get("token").asText();
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/http/a")).header("Authorization", "Bearer " + halToken).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> forbidden = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/http/a")).header("Authorization", "Bearer " + halToken)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forbidden.statusCode());
        assertEquals("security.forbidden", Http.json(forbidden).get("error").get("code").asText());
    }

    @Test
    void theWebConsoleLetsInSwitchboardAdministratorsOnly() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            makeUser(admin, "cora", "cora-pass", null, permission("/**", "get"));
            admin.ok("security.upsertUser", object().put("username", "ada").put("password", "ada-pass"));
            admin.ok("security.addToGroup", object().put("username", "ada").put("group", "_ADMIN"));
        }
        Http http = new Http(RUNTIME.port());
        assertEquals(401, http.get("/system/console/bundles.json").statusCode());
        assertEquals(200, http.get("/system/console/bundles.json", "admin", ADMIN_PASSWORD).statusCode());
        assertEquals(200, http.get("/system/console/bundles.json", "ada", "ada-pass").statusCode(), "another member of _ADMIN");
        assertEquals(401, http.get("/system/console/bundles.json", "cora", "cora-pass").statusCode(), "not an administrator");
        assertEquals(401, http.get("/system/console/bundles.json", "admin", "wrong").statusCode());
    }

    @Test
    void theJavaClientLogsInWithItsCredentials() throws Exception {
        ClientOptions options = ClientOptions.to(URI.create("ws://127.0.0.1:" + RUNTIME.port() + "/api/ws"));
        try (SwitchboardClient client = SwitchboardClient.connect(options.withCredentials("admin", ADMIN_PASSWORD)).getValue()) {
            client.set("/java/secure", object().put("v", 1)).getValue();
            assertEquals(1, client.get("/java/secure").getValue().orElseThrow().data().get("v").asInt());
        }
        Throwable refused = SwitchboardClient.connect(options.withCredentials("admin", "wrong")).getFailure();
        assertEquals("security.invalid-credentials", ((SwitchboardException) refused).code());
        Throwable anonymous = null;
        try (SwitchboardClient client = SwitchboardClient.connect(options).getValue()) {
            anonymous = client.get("/java/secure").getFailure();
        }
        assertEquals("security.unauthenticated", ((SwitchboardException) anonymous).code());
    }

    @Test
    void takingAPermissionAwayStopsALiveSubscriptionAndTheClientIsTold() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            admin.ok("security.upsertGroup", object().put("name", "watchers").set("permissions",
                    WireClient.object().arrayNode().add(permission("/watched/**", "get", "on"))));
            makeUser(admin, "wes", "wes-pass", null);
            admin.ok("security.addToGroup", object().put("username", "wes").put("group", "watchers"));
            try (WireClient wes = loggedIn("wes", "wes-pass")) {
                String subscription = wes.ok("on", object().put("path", "/watched/**")).get("subscription").asText();
                admin.ok("set", set("/watched/a", 1));
                assertEquals("/watched/a", wes.publication().get("event").get("path").asText());

                admin.ok("security.removeFromGroup", object().put("username", "wes").put("group", "watchers"));
                admin.ok("set", set("/watched/b", 2));
                JsonNode notice = wes.notice();
                assertEquals("security.subscription-stopped", notice.get("error").get("code").asText());
                assertTrue(notice.get("error").get("message").asText().contains(subscription), "it names the subscription");
                assertEquals("pong", wes.ok("ping", object()).asText(), "the session goes on");
                assertTrue(!wes.publicationWithin(300), "no more events for the stopped subscription");
                assertTrue(RUNTIME.process().log().contains("audit=group.leave user=wes"));
            }
        }
    }

    /** A token's lifetime from a session policy, end to end; idle limits are tested with a clock (LoginAndTokensTest in security). */
    @Test
    void sessionPoliciesLimitATokensLife() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            admin.ok("security.upsertGroup", object().put("name", "brief"));
            makeUser(admin, "bri", "bri-pass", null, permission("/p/**", "*"));
            admin.ok("security.addToGroup", object().put("username", "bri").put("group", "brief"));
        }
        try (WireClient bri = loggedIn("bri", "bri-pass")) {
            bri.ok("get", object().put("path", "/p/a"));
            Await.until("bri's 2-second token expires", Duration.ofSeconds(10),
                    () -> "security.token-expired".equals(bri.call("get", object().put("path", "/p/a")).path("error").path("code").asText()));
        }
    }

    @Test
    void disablingAUserEndsItsSessionsAndBadNamesAreRefused() {
        try (WireClient admin = loggedIn("admin", ADMIN_PASSWORD)) {
            makeUser(admin, "dan", "dan-pass", null, permission("/d/**", "*"));
            try (RawWebSocket dan = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null)) {
                dan.sendText("{\"id\":0,\"action\":\"handshake\"}");
                dan.readText();
                dan.sendText("{\"id\":1,\"action\":\"login\",\"username\":\"dan\",\"password\":\"dan-pass\"}");
                assertTrue(dan.readText().contains("\"ok\":true"));
                admin.ok("security.upsertUser", object().put("username", "dan").put("enabled", false));
                RawWebSocket.Frame ended = dan.readAnswering();
                assertEquals(4010, ended.closeCode());
                assertTrue(ended.text().contains("disabled"), "the reason is given: " + ended.text());
            }
            assertEquals("security.invalid-credentials", admin.call("login", object().put("username", "dan").put("password", "dan-pass"))
                    .path("error").path("code").asText(), "a disabled user cannot log in");
            for (String bad : new String[] {"../admin", "eve\u0001", "a/b", "*", "{{user.username}}", ""}) {
                assertEquals("security.invalid-user", admin.error("security.upsertUser", object().put("username", bad).put("password", "p")), bad);
            }
        }
    }
}
