package io.switchboard.itests.console;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.RawHttp;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 16, item 2: the actions of the Switchboard console pages are state changes the browser's
 * console login (HTTP Basic) goes with; a page of another origin cannot make them (403
 * {@code http.cross-origin-refused}, nothing changed), and only administrators reach the pages at
 * all. Raw HTTP, as an attacker's page would send it.
 */
class ConsoleCrossSiteRegressionTest {

    private static final String PASSWORD = "itest-secret";
    private static final String EVIL = "https://evil.example";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security").withExamples()
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n");

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    private static RawHttp.Response post(String page, String form, String... headers) {
        List<String> all = new ArrayList<>(List.of(basic("admin", PASSWORD), "Content-Type: application/x-www-form-urlencoded"));
        all.addAll(List.of(headers));
        return new RawHttp(RUNTIME.port()).send("POST", "/system/console/" + page, all, form);
    }

    private static String page(String page) {
        RawHttp.Response answer = new RawHttp(RUNTIME.port()).send("GET", "/system/console/" + page, basic("admin", PASSWORD));
        assertEquals(200, answer.status(), answer.body());
        return answer.body();
    }

    @Test
    void everyPagesActionFromAnotherOriginIsRefusedAndChangesNothing() {
        try (RawWebSocket victim = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null);
                WireClient subscriber = WireClient.connect(RUNTIME.port())) {
            victim.sendText("{\"id\":0,\"action\":\"handshake\"}");
            String session = WireClient.json(victim.readText()).path("result").path("session").asText();
            subscriber.ok("login", object().put("username", "admin").put("password", PASSWORD));
            subscriber.ok("on", object().put("path", "/kept/**"));
            List<String[]> forged = List.of(
                    new String[] {"mesh", "action=stop&component=deviceManager&version=1.0.0"},
                    new String[] {"sessions", "action=close&session=" + session},
                    new String[] {"subscriptions", "action=end&pattern=/kept/**"},
                    new String[] {"users", "action=saveUser&username=mallory&password=m&enabled=true&groups=_ADMIN"},
                    new String[] {"users", "action=deleteUser&username=admin"});
            for (String[] action : forged) {
                for (String[] from : List.of(new String[] {"Origin: " + EVIL}, new String[] {"Sec-Fetch-Site: cross-site", "Origin: " + EVIL},
                        new String[] {"Referer: " + EVIL + "/cats.html"})) {
                    RawHttp.Response refused = post(action[0], action[1], from);
                    assertEquals(403, refused.status(), action[0] + " " + String.join(", ", from) + ": " + refused.body());
                    assertEquals("http.cross-origin-refused", refused.errorCode());
                }
            }
            assertTrue(page("mesh").contains("data-component=\"deviceManager@1.0.0\""), "deviceManager still runs");
            assertTrue(page("sessions").contains(session), "the session is still open");
            assertTrue(page("subscriptions").contains("data-pattern=\"/kept/**\""), "the subscription stands");
            String users = page("users");
            assertFalse(users.contains("data-user=\"mallory\""), "no user was made");
            assertTrue(users.contains("data-user=\"admin\""), "admin is still there");
            victim.sendText("{\"id\":1,\"action\":\"ping\"}");
            assertTrue(victim.readText().contains("pong"));
        }
    }

    @Test
    void theSameActionFromTheConsolesOwnPageWorks() {
        RawHttp http = new RawHttp(RUNTIME.port());
        RawHttp.Response made = post("users", "action=saveGroup&name=auditors&permissions=%5B%5D", "Origin: " + http.origin(),
                "Sec-Fetch-Site: same-origin");
        assertEquals(302, made.status(), made.body());
        assertTrue(made.header("Location").orElse("").endsWith("/system/console/users?done=saveGroup"), made.headers().toString());
        assertTrue(page("users").contains("data-group=\"auditors\""));
    }

    @Test
    void onlyAdministratorsReachThePages() {
        try (WireClient admin = WireClient.connect(RUNTIME.port())) {
            admin.ok("login", object().put("username", "admin").put("password", PASSWORD));
            admin.ok("security.upsertUser", object().put("username", "olive").put("password", "olive-pass")
                    .set("permissions", WireClient.json("[{\"pattern\":\"/**\",\"actions\":[\"*\"]}]")));
        }
        RawHttp http = new RawHttp(RUNTIME.port());
        for (String page : List.of("mesh", "sessions", "subscriptions", "users")) {
            assertEquals(401, http.send("GET", "/system/console/" + page).status(), page + " without a login");
            assertEquals(401, http.send("GET", "/system/console/" + page, basic("olive", "olive-pass")).status(), page + " for a non-administrator");
            assertEquals(401, http.send("POST", "/system/console/" + page, List.of(basic("olive", "olive-pass"),
                    "Content-Type: application/x-www-form-urlencoded", "Origin: " + http.origin()), "action=x").status());
        }
    }
}
