package io.switchboard.itests.data;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 11 item 8, replayed with raw frames and raw HTTP by a logged-in user: a document nested 998
 * deep was stored and then never answered over WebSocket and cut off midway over HTTP; a
 * 100,000-segment path overflowed the stack in the permission check. Every request gets an answer.
 */
class DeepInputRegressionTest {

    /** JsonLimits' default depth: the runtime here runs with the defaults. */
    private static final int MAX_DEPTH = 64;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security")
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n");

    private static String token;

    @BeforeAll
    static void makeAUserWhoMayReadAndWriteEverythingButIsNoAdministrator() throws Exception {
        try (WireClient admin = WireClient.connect(RUNTIME.port())) {
            admin.ok("login", object().put("username", "admin").put("password", "itest-secret"));
            ObjectNode user = object().put("username", "deep").put("password", "deep-pass");
            ObjectNode permission = user.withArray("permissions").addObject().put("pattern", "/deep/**");
            permission.withArray("actions").add("*");
            admin.ok("security.upsertUser", user);
        }
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"deep\",\"password\":\"deep-pass\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        token = Http.json(login).get("token").asText();
    }

    private static String base() {
        return "http://127.0.0.1:" + RUNTIME.port();
    }

    private static WireClient user() {
        WireClient client = WireClient.connect(RUNTIME.port());
        client.ok("login", object().put("token", token));
        return client;
    }

    private static HttpResponse<String> http(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A raw connection, handshaken and logged in as the user, for frames a client library would not send. */
    private static RawWebSocket rawUser() {
        RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
        ws.sendText("{\"id\":0,\"action\":\"handshake\"}");
        ws.readText();
        ws.sendText("{\"id\":1,\"action\":\"login\",\"token\":\"" + token + "\"}");
        assertTrue(WireClient.json(ws.readText()).get("ok").asBoolean());
        return ws;
    }

    @Test
    void aDeepFrameIsAnsweredUnderItsIdAndTheSessionGoesOn() {
        try (RawWebSocket ws = rawUser()) {
            ws.sendText("{\"id\":\"deep-1\",\"action\":\"set\",\"path\":\"/deep/a\",\"data\":" + nested(100_000) + "}");
            JsonNode answer = WireClient.json(ws.readText());
            assertEquals("deep-1", answer.get("id").asText(), answer.toString());
            assertEquals("protocol.too-deep", answer.get("error").get("code").asText());
            assertTrue(answer.get("error").get("message").asText().contains(MAX_DEPTH + " levels"), answer.toString());

            ws.sendText("{\"id\":2,\"action\":\"ping\"}");
            assertEquals("pong", WireClient.json(ws.readText()).get("result").asText());
        }
    }

    @Test
    void aDocumentAsDeepAsAllowedIsStoredAndReadBackWholeOverBothEdges() throws Exception {
        // over HTTP the body is the document: 64 levels; over WebSocket the frame is one more
        String deepest = nested(MAX_DEPTH);
        assertEquals(200, http("PUT", "/api/data/deep/http", deepest).statusCode());
        assertEquals(400, http("PUT", "/api/data/deep/http2", nested(MAX_DEPTH + 1)).statusCode());
        HttpResponse<String> tooDeep = http("PUT", "/api/data/deep/http2", nested(998));
        assertEquals("data.too-deep", Http.json(tooDeep).get("error").get("code").asText(), tooDeep.body());

        HttpResponse<String> read = http("GET", "/api/data/deep/*", null);
        assertEquals(200, read.statusCode());
        assertEquals(1, Http.json(read).size(), "whole JSON, not cut off: " + read.body());

        try (WireClient client = user()) {
            ObjectNode set = object().put("path", "/deep/ws");
            set.set("data", WireClient.json(nested(MAX_DEPTH - 1))); // the frame's own object is one of the 64 levels
            client.ok("set", set);
            JsonNode items = client.ok("get", object().put("path", "/deep/*"));
            assertEquals(2, items.size(), items.toString());
            assertEquals(WireClient.json(deepest), client.ok("get", object().put("path", "/deep/http")).get("data").get("value"));
        }
    }

    @Test
    void deepCriteriaAreRefusedOverBothEdges() throws Exception {
        String criteria = "{\"a\":" + "{\"$not\":".repeat(200) + "{\"$exists\":true}" + "}".repeat(200) + "}";
        HttpResponse<String> http = http("GET", "/api/data/deep/*?criteria=" + URLEncoder.encode(criteria, StandardCharsets.UTF_8), null);
        assertEquals(400, http.statusCode(), http.body());
        assertEquals("data.too-deep", Http.json(http).get("error").get("code").asText());
        try (RawWebSocket ws = rawUser()) {
            // inside a frame, criteria that deep make the frame too deep: refused as it is read
            ws.sendText("{\"id\":\"c\",\"action\":\"get\",\"path\":\"/deep/*\",\"options\":{\"criteria\":" + criteria + "}}");
            JsonNode answer = WireClient.json(ws.readText());
            assertEquals("c", answer.get("id").asText(), answer.toString());
            assertEquals("protocol.too-deep", answer.get("error").get("code").asText());
        }
    }

    @Test
    void aPathWithAHundredThousandSegmentsIsRefusedBeforeThePermissionCheck() throws Exception {
        try (WireClient client = user()) {
            String path = "/deep" + "/a".repeat(100_000);
            for (String action : new String[] {"get", "on", "count", "remove"}) {
                assertEquals("data.path-too-long", client.error(action, object().put("path", path)), action);
            }
            ObjectNode set = object().put("path", path);
            set.putObject("data");
            assertEquals("data.path-too-long", client.error("set", set));
            assertEquals("pong", client.ok("ping", object()).asText());
        }
        // over HTTP the URL is bounded by the server; within it, the bound on segments answers
        HttpResponse<String> http = http("GET", "/api/data/deep" + "/a".repeat(1_000), null);
        assertEquals(400, http.statusCode(), http.body());
        assertEquals("data.path-too-long", Http.json(http).get("error").get("code").asText());
    }
}
