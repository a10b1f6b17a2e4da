package io.switchboard.itests.data;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 11 item 10, the data side, replayed with raw HTTP and raw frames: invalid UTF-8 was stored
 * as U+FFFD, bytes after a complete JSON value were ignored, error messages named Java classes,
 * and the store file was readable by everyone.
 */
class CleanInputRegressionTest {

    /** What a message must not show a client: Java packages, exception class names, parser internals. */
    private static final Pattern JAVA = Pattern.compile("(java|javax|jakarta|com\\.fasterxml|io\\.switchboard)\\.[a-z]|Exception|\\[Source|`");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge");

    private static HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) {
        return Http.json(response).path("error").path("code").asText();
    }

    @Test
    void invalidUtf8InABodyIsRefusedAndNothingIsStored() throws Exception {
        byte[] body = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        body[body.length - 3] = (byte) 0xff; // the second byte of é becomes a byte UTF-8 never has
        HttpResponse<String> put = send("PUT", "/api/data/clean/utf8", body);
        assertEquals(400, put.statusCode(), put.body());
        assertEquals("data.not-json", code(put));
        assertEquals(404, send("GET", "/api/data/clean/utf8", null).statusCode(), "nothing was stored");
    }

    @Test
    void bytesAfterTheValueAreRefusedOverHttpAndWebSocket() throws Exception {
        for (String body : new String[] {"{\"a\":1} {\"b\":2}", "{\"a\":1}xyz", "{\"a\":1}]"}) {
            HttpResponse<String> put = send("PUT", "/api/data/clean/trailing", body.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, put.statusCode(), body + " -> " + put.body());
            assertEquals("data.not-json", code(put));
        }
        assertEquals(404, send("GET", "/api/data/clean/trailing", null).statusCode());
        try (RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1")) {
            ws.sendText("{\"id\":0,\"action\":\"handshake\"}");
            ws.readText();
            ws.sendText("{\"id\":1,\"action\":\"set\",\"path\":\"/clean/ws\",\"data\":{}} {\"id\":2,\"action\":\"ping\"}");
            JsonNode answer = WireClient.json(ws.readText());
            assertEquals("protocol.malformed", answer.path("error").path("code").asText(), answer.toString());
            assertEquals(1, answer.path("id").asInt(), "answered under the id it could read");
            ws.sendText("{\"id\":3,\"action\":\"get\",\"path\":\"/clean/ws\"}");
            assertEquals("null", WireClient.json(ws.readText()).path("result").toString(), "the first value was not acted on");
        }
    }

    @Test
    void errorMessagesSayWhatWasWrongWithoutJavaNames() throws Exception {
        List<String> messages = new ArrayList<>();
        for (String body : new String[] {"{nope", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "[" .repeat(70), "{\"n\":" + "1".repeat(300) + "}", ""}) {
            messages.add(Http.json(send("PUT", "/api/data/clean/m", body.getBytes(StandardCharsets.UTF_8))).path("error").path("message").asText());
        }
        messages.add(Http.json(send("GET", "/api/data/clean/*?criteria=" + URLEncoder.encode("{\"a\":", StandardCharsets.UTF_8), null))
                .path("error").path("message").asText());
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            JsonNode regex = client.call("get", (com.fasterxml.jackson.databind.node.ObjectNode) WireClient.json(
                    "{\"path\":\"/clean/*\",\"options\":{\"criteria\":{\"a\":{\"$regex\":\"(\"}}}}"));
            messages.add(regex.path("error").path("message").asText());
        }
        try (RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1")) {
            for (String frame : new String[] {"{\"id\":1,\"id\":2}", "{\"id\":1} x", "[".repeat(70) + "]".repeat(70), "{nope"}) {
                ws.sendText(frame);
                messages.add(WireClient.json(ws.readText()).path("error").path("message").asText());
            }
        }
        for (String message : messages) {
            assertFalse(message.isEmpty());
            assertFalse(JAVA.matcher(message).find(), "a message for people, not a stack: " + message);
        }
    }

    @Test
    void theServletsOwnRefusalsAreJson() throws Exception {
        for (String path : new String[] {"/api/data/", "/api/data/clean/", "/api/data/clean/a b?c"}) {
            HttpResponse<String> response = send("PUT", path.replace(" ", "%20").replace("?c", "%3Fc"), "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(400, response.statusCode(), path + " -> " + response.body());
            assertEquals("data.invalid-path", code(response), path);
        }
    }

    @Test
    void theStoreFileIsTheOwnersOnly() throws Exception {
        Path store = RUNTIME.process().home().resolve("data").resolve("switchboard.mv.db");
        Assumptions.assumeTrue(store.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
    }
}
