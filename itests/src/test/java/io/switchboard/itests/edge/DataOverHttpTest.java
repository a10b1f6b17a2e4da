package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;

/** /api/data/&lt;path&gt; over plain HTTP against the real distribution. */
class DataOverHttpTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errorCode(HttpResponse<String> response) {
        return Http.json(response).get("error").get("code").asText();
    }

    @Test
    void putGetPatchFindAndDelete() throws Exception {
        HttpResponse<String> put = send("PUT", "/api/data/http/devices/t1", "{\"kind\":\"thermostat\",\"temp\":21}");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("/http/devices/t1", Http.json(put).get("path").asText());
        send("PUT", "/api/data/http/devices/t2", "{\"kind\":\"camera\",\"temp\":30}");

        HttpResponse<String> patch = send("PATCH", "/api/data/http/devices/t1", "{\"temp\":25}");
        JsonNode merged = Http.json(patch).get("data");
        assertEquals("thermostat", merged.get("kind").asText());
        assertEquals(25, merged.get("temp").asInt());

        assertEquals(25, Http.json(send("GET", "/api/data/http/devices/t1", null)).get("data").get("temp").asInt());

        String criteria = URLEncoder.encode("{\"temp\":{\"$gt\":20}}", StandardCharsets.UTF_8);
        JsonNode found = Http.json(send("GET", "/api/data/http/devices/*?sort=-temp&limit=1&criteria=" + criteria, null));
        assertEquals(1, found.size());
        assertEquals("/http/devices/t2", found.get(0).get("path").asText());

        assertEquals(2, Http.json(send("DELETE", "/api/data/http/devices/*", null)).get("removed").asInt());
        HttpResponse<String> gone = send("GET", "/api/data/http/devices/t1", null);
        assertEquals(404, gone.statusCode());
        assertEquals("data.not-found", errorCode(gone));
    }

    @Test
    void badInputGetsAStatusACodeAndAMessage() throws Exception {
        HttpResponse<String> notJson = send("PUT", "/api/data/http/bad", "{nope");
        assertEquals(400, notJson.statusCode());
        assertEquals("data.not-json", errorCode(notJson));
        assertTrue(Http.json(notJson).get("error").get("message").asText().contains("not valid JSON"));

        HttpResponse<String> wildcard = send("PUT", "/api/data/http/*/x", "{}");
        assertEquals(400, wildcard.statusCode());
        assertEquals("data.wildcard-in-path", errorCode(wildcard));

        HttpResponse<String> badSkip = send("GET", "/api/data/http/*?skip=many", null);
        assertEquals(400, badSkip.statusCode());
        assertEquals("data.invalid-query", errorCode(badSkip));

        HttpResponse<String> badCriteria = send("GET", "/api/data/http/*?criteria=" + URLEncoder.encode("{\"a\":{\"$bogus\":1}}", StandardCharsets.UTF_8), null);
        assertEquals(400, badCriteria.statusCode());
        assertEquals("data.unknown-operator", errorCode(badCriteria));

        HttpResponse<String> post = send("POST", "/api/data/http/x", "{}");
        assertEquals(405, post.statusCode());
        assertEquals("http.method-not-allowed", errorCode(post));
    }
}
