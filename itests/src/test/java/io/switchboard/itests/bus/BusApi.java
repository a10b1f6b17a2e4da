package io.switchboard.itests.bus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bus's HTTP API as a client in any language uses it: raw requests with a bearer token, JSON
 * answers. Every exchange is checked against the runtime's own OpenAPI document ({@link SpecCheck}),
 * so the document cannot drift from what the server does.
 */
public final class BusApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final String token;

    private BusApi(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** No token. */
    public static BusApi anonymous(int port) {
        return new BusApi(port, null);
    }

    public static BusApi withToken(int port, String token) {
        return new BusApi(port, token);
    }

    /** Logged in with POST /api/login. */
    public static BusApi login(int port, String username, String password) {
        Answer login = anonymous(port).send("POST", "/api/login", JSON.createObjectNode().put("username", username).put("password", password).toString(), Map.of());
        if (login.status() != 200) {
            throw new AssertionError("login as " + username + " failed: " + login);
        }
        return new BusApi(port, login.body().path("token").asText());
    }

    public String token() {
        return token;
    }

    public int port() {
        return port;
    }

    /** An answer: status, headers (lower-case names, first value) and the JSON body (null when none). */
    public record Answer(int status, Map<String, String> headers, JsonNode body, String raw) {
        public String code() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    /** Registers a service as this caller (an administrator) and returns a client with its token. */
    public BusApi register(String name) {
        Answer registered = post("/api/bus/services", JSON.createObjectNode().put("name", name).put("version", "1.0.0").toString());
        if (registered.status() != 201) {
            throw new AssertionError("registering " + name + " failed: " + registered);
        }
        return new BusApi(port, registered.body().path("token").asText());
    }

    /** Makes (or changes) a topic with these settings, expecting success. */
    public JsonNode topic(String name, String settings) {
        Answer answer = put("/api/bus/topics/" + name, settings);
        if (answer.status() != 200 && answer.status() != 201) {
            throw new AssertionError("PUT topic " + name + " failed: " + answer);
        }
        return answer.body();
    }

    public Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Answer post(String path, String body) {
        return send("POST", path, body, Map.of());
    }

    public Answer post(String path, String body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    public Answer put(String path, String body) {
        return send("PUT", path, body, Map.of());
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Publishes a JSON payload with Bus-* headers; the answer's id. */
    public String publish(String topic, String payload, Map<String, String> headers) {
        Answer answer = post("/api/bus/topics/" + topic + "/messages", payload, headers);
        if (answer.status() != 202) {
            throw new AssertionError("publish to " + topic + " failed: " + answer);
        }
        return answer.body().path("id").asText();
    }

    /** Leases, expecting success: the messages. */
    public JsonNode lease(String topic, String query) {
        Answer answer = post("/api/bus/topics/" + topic + "/lease" + (query.isEmpty() ? "" : "?" + query), null);
        if (answer.status() != 200) {
            throw new AssertionError("lease of " + topic + " failed: " + answer);
        }
        return answer.body().path("messages");
    }

    public Answer ack(String id, String group) {
        return post("/api/bus/messages/" + id + "/ack" + (group == null ? "" : "?group=" + group), null);
    }

    public Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> answerHeaders.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            Answer answer = new Answer(response.statusCode(), answerHeaders, json, response.body());
            if (path.startsWith("/api/bus/")) {
                SpecCheck.exchange(port, method, path, headers, body, answer);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
