package io.switchboard.itests.security;

import static io.switchboard.itests.security.Attacker.ADMIN_PASSWORD;
import static io.switchboard.itests.security.Attacker.code;
import static io.switchboard.itests.security.Attacker.http;
import static io.switchboard.itests.security.Attacker.loggedIn;
import static io.switchboard.itests.security.Attacker.makeUser;
import static io.switchboard.itests.security.Attacker.permission;
import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 11, items 4, 5 and part of 10, replayed from outside: lockout that counts every
 * concurrent failure and cannot be turned against the administrators, tokens that die with the
 * user and the password they stood for, no false "subscription stopped", and a 100,000-segment
 * path that gets an answer.
 */
class AttackRegressionTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security")
            .withEtc("io.switchboard.security.cfg", Attacker.SECURITY_CFG);

    private static int port() {
        return RUNTIME.port();
    }

    @Test
    void twentyFourConcurrentWrongLoginsLock() throws Exception {
        try (WireClient admin = loggedIn(port(), "admin", ADMIN_PASSWORD)) {
            makeUser(admin, "lou", "lou-pass");
        }
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return Attacker.login(port(), "lou", "wrong").statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                int code = status.get(60, TimeUnit.SECONDS);
                assertTrue(code == 401 || code == 423, "status " + code);
            }
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<String> right = Attacker.login(port(), "lou", "lou-pass");
        assertEquals(423, right.statusCode(), "locked, even for the right password: " + right.body());
        assertEquals("security.locked", code(right));
    }

    @Test
    void anAnonymousAttackerCannotLockTheAdministratorOutOfEveryDoor() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, Attacker.loginFrom("127.0.0.2", port(), "admin", "guess" + i));
        }
        assertEquals(423, Attacker.loginFrom("127.0.0.2", port(), "admin", ADMIN_PASSWORD), "the attacker's address is locked");
        assertEquals(200, Attacker.login(port(), "admin", ADMIN_PASSWORD).statusCode(), "the administrator's is not");
        try (WireClient admin = loggedIn(port(), "admin", ADMIN_PASSWORD)) {
            assertEquals("pong", admin.ok("ping", object()).asText());
        }
        assertEquals(200, new Http(port()).get("/system/console/bundles.json", "admin", ADMIN_PASSWORD).statusCode(), "nor the console");
    }

    @Test
    void aTokenOfADeletedUserDoesNotComeBackWithTheName() {
        try (WireClient admin = loggedIn(port(), "admin", ADMIN_PASSWORD)) {
            makeUser(admin, "tim", "tim-pass", permission("/tim/**", "*"));
            String token = Attacker.token(port(), "tim", "tim-pass");
            assertEquals("ok", code(http(port(), "PUT", "/api/data/tim/a", token, "{\"v\":1}")));
            admin.ok("security.deleteUser", object().put("username", "tim"));
            makeUser(admin, "tim", "tim-pass", permission("/tim/**", "*"));
            assertEquals(401, http(port(), "GET", "/api/data/tim/a", token, null).statusCode());
            assertEquals("security.invalid-token", code(http(port(), "GET", "/api/data/tim/a", token, null)));
            try (WireClient replay = WireClient.connect(port())) {
                assertEquals("security.invalid-token", replay.error("login", object().put("token", token)));
            }
        }
    }

    @Test
    void aPasswordChangeEndsTheTokensAndSessionsIssuedBefore() {
        try (WireClient admin = loggedIn(port(), "admin", ADMIN_PASSWORD)) {
            makeUser(admin, "pat", "pat-pass", permission("/pat/**", "*"));
            String token = Attacker.token(port(), "pat", "pat-pass");
            try (RawWebSocket pat = RawWebSocket.connect(port(), "/api/ws", null)) {
                pat.sendText("{\"id\":0,\"action\":\"handshake\"}");
                pat.readText();
                pat.sendText("{\"id\":1,\"action\":\"login\",\"username\":\"pat\",\"password\":\"pat-pass\"}");
                assertTrue(pat.readText().contains("\"ok\":true"));
                makeUser(admin, "pat", "new-pass", permission("/pat/**", "*"));
                RawWebSocket.Frame ended = pat.readAnswering();
                assertEquals(RawWebSocket.CLOSE, ended.opcode(), "the live session with the old password's token ends");
                assertEquals(4010, ended.closeCode());
                assertTrue(ended.text().contains("password was changed"), ended.text());
            }
            assertEquals("security.invalid-token", code(http(port(), "GET", "/api/data/pat/a", token, null)));
            assertEquals("ok", code(http(port(), "GET", "/api/data/pat/a?limit=1", Attacker.token(port(), "pat", "new-pass"), null)));
        }
    }

    @Test
    void aPasswordChangeOrLeavingTheAdministratorsEndsConsoleAccessAtOnce() {
        Http console = new Http(port());
        try (WireClient admin = loggedIn(port(), "admin", ADMIN_PASSWORD)) {
            makeUser(admin, "ops", "ops-pass");
            admin.ok("security.addToGroup", object().put("username", "ops").put("group", "_ADMIN"));
            assertEquals(200, console.get("/system/console/bundles.json", "ops", "ops-pass").statusCode());
            makeUser(admin, "ops", "ops-new");
            assertEquals(401, console.get("/system/console/bundles.json", "ops", "ops-pass").statusCode(),
                    "the old password no longer opens the console, though it was checked a moment ago");
            assertEquals(200, console.get("/system/console/bundles.json", "ops", "ops-new").statusCode());
            admin.ok("security.removeFromGroup", object().put("username", "ops").put("group", "_ADMIN"));
            assertEquals(401, console.get("/system/console/bundles.json", "ops", "ops-new").statusCode(),
                    "no longer an administrator: no console");
        }
    }

    @Test
    void removingWhatASubscriberNeverSawStopsNothing() {
        try (WireClient admin = loggedIn(port(), "admin", ADMIN_PASSWORD)) {
            makeUser(admin, "sue", "sue-pass", permission("/feed/public/**", "get", "on"));
            admin.ok("set", object().put("path", "/feed/public/a").set("data", object().put("v", 1)));
            admin.ok("set", object().put("path", "/feed/private/b").set("data", object().put("v", 1)));
            try (WireClient sue = loggedIn(port(), "sue", "sue-pass")) {
                sue.ok("on", object().put("path", "/feed/public/**").set("options", object().put("eventType", "remove")));
                admin.ok("remove", object().put("path", "/feed/**"));
                JsonNode removed = sue.publication();
                assertEquals("[\"/feed/public/a\"]", removed.path("event").path("meta").path("removedPaths").toString(),
                        "the remove names only what sue may see: " + removed);
                admin.ok("set", object().put("path", "/feed/public/c").set("data", object().put("v", 1)));
                admin.ok("remove", object().put("path", "/feed/public/c"));
                assertEquals("/feed/public/c", sue.publication().path("event").path("path").asText(), "the subscription goes on");
                assertEquals("pong", sue.ok("ping", object()).asText());
            }
        }
    }

    @Test
    void aHundredThousandSegmentPathIsAnsweredAndTheSessionGoesOn() {
        try (WireClient admin = loggedIn(port(), "admin", ADMIN_PASSWORD)) {
            makeUser(admin, "deb", "deb-pass", permission("/a/**", "get"));
        }
        String deep = "/a" + "/b".repeat(100_000);
        try (WireClient deb = loggedIn(port(), "deb", "deb-pass")) {
            JsonNode answer = deb.call("get", object().put("path", deep));
            assertFalse(answer.path("ok").asBoolean(), answer.toString());
            assertEquals("pong", deb.ok("ping", object()).asText());
        }
        String token = Attacker.token(port(), "deb", "deb-pass");
        HttpResponse<String> tooLong = http(port(), "GET", "/api/data/a" + "/b".repeat(1_500), token, null);
        assertEquals(400, tooLong.statusCode(), "longer than any stored path: refused before any permission is checked");
        assertEquals("data.path-too-long", code(tooLong));
    }
}
