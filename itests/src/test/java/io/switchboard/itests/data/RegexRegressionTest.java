package io.switchboard.itests.data;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 11 item 7, replayed with raw frames and raw HTTP: a {@code $regex} such as
 * {@code (.*a){12}$} on a 41-character value pinned a core for over a minute, and nothing stopped
 * it. Matching is linear now, and every query is bounded by {@code queryTimeoutMillis} (500 ms here).
 */
class RegexRegressionTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge")
            .withEtc("io.switchboard.data.cfg", "queryTimeoutMillis = 500\n");

    private static ObjectNode get(String path, String criteria) {
        ObjectNode request = object().put("path", path);
        request.putObject("options").set("criteria", WireClient.json(criteria));
        return request;
    }

    private static ObjectNode set(String path, String data) {
        ObjectNode request = object().put("path", path);
        request.set("data", WireClient.json(data));
        return request;
    }

    @Test
    void theCatastrophicPatternAnswersAtOnceOverWebSocketAndHttp() throws Exception {
        // 41 characters, as in the report: a backtracking engine tries every way to split the a's into 12 (minutes)
        String value = "a".repeat(40) + "b";
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            client.ok("set", set("/re/v", "{\"s\":\"" + value + "\"}"));
            JsonNode found = assertTimeoutPreemptively(BOUND,
                    () -> client.ok("get", get("/re/*", "{\"s\":{\"$regex\":\"(.*a){12}$\"}}")));
            assertEquals(0, found.size());
            assertEquals(1, client.ok("get", get("/re/*", "{\"s\":{\"$regex\":\"^A+B$\",\"$options\":\"i\"}}")).size(),
                    "flags still work");
        }
        String criteria = URLEncoder.encode("{\"s\":{\"$regex\":\"(.*a){12}$\"}}", StandardCharsets.UTF_8);
        HttpResponse<String> http = assertTimeoutPreemptively(BOUND, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + "/api/data/re/*?criteria=" + criteria)).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, http.statusCode(), http.body());
        assertEquals("[]", http.body());
    }

    @Test
    void syntaxThatNeedsBacktrackingIsRefusedSayingWhy() {
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            for (String pattern : new String[] {"(a)\\\\1", "a(?=b)", "(?<=a)b", "((a{1000}){1000}){1000}"}) {
                JsonNode answer = client.call("get", get("/re/*", "{\"s\":{\"$regex\":\"" + pattern + "\"}}"));
                assertEquals("data.invalid-regex", answer.path("error").path("code").asText(), answer.toString());
            }
            String message = client.call("get", get("/re/*", "{\"s\":{\"$regex\":\"a(?!b)\"}}")).path("error").path("message").asText();
            assertTrue(message.contains("lookahead") && message.contains("linear time"), message);
        }
    }

    @Test
    void aQueryPastItsTimeLimitIsStoppedAndTheSessionGoesOn() {
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            // a pattern that is linear but costly: 10 s or more on these values if nothing stopped it
            // (each under 64 KiB, so that every answer is one WebSocket frame)
            for (int i = 0; i < 5; i++) {
                client.ok("set", set("/slow/" + i, "{\"s\":\"" + "x".repeat(50_000) + "\"}"));
            }
            long start = System.nanoTime();
            JsonNode answer = assertTimeoutPreemptively(BOUND, () -> client.call("get", get("/slow/*", "{\"s\":{\"$regex\":\"(?:.{1000}){5}q\"}}")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("data.query-timeout", answer.path("error").path("code").asText(), answer.toString());
            assertTrue(millis < 5_000, "stopped near its 500 ms limit, not run to the end: " + millis + " ms");
            assertEquals("pong", client.ok("ping", object()).asText());

            JsonNode count = client.call("count", object().put("path", "/slow/*").set("options",
                    object().set("criteria", WireClient.json("{\"s\":{\"$regex\":\"(?:.{1000}){5}q\"}}"))));
            assertEquals("data.query-timeout", count.path("error").path("code").asText(), count.toString());
        }
        String criteria = URLEncoder.encode("{\"s\":{\"$regex\":\"(?:.{1000}){5}q\"}}", StandardCharsets.UTF_8);
        HttpResponse<String> http = new Http(RUNTIME.port()).get("/api/data/slow/*?criteria=" + criteria);
        assertEquals(504, http.statusCode(), http.body());
        assertEquals("data.query-timeout", Http.json(http).path("error").path("code").asText());
    }
}
