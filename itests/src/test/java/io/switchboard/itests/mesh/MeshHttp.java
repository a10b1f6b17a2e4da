package io.switchboard.itests.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The mesh's plain-HTTP surface as a caller uses it: the description and exchange calls. */
public final class MeshHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String token;

    public MeshHttp(int port) {
        this(port, null);
    }

    private MeshHttp(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A caller logged in with POST /api/login, as callers of a runtime with the security feature are. */
    public static MeshHttp loggedIn(int port, String username, String password) {
        Answer login = new MeshHttp(port).post("/api/login", JSON.createObjectNode().put("username", username).put("password", password).toString());
        if (login.status() != 200) {
            throw new AssertionError("login as " + username + " failed: " + login.status() + " " + login.body());
        }
        return new MeshHttp(port, login.body().path("token").asText());
    }

    /** An answer: status and JSON body. */
    public record Answer(int status, JsonNode body) {
        /** The error code of a failed call, or null. */
        public String code() {
            return body.path("error").path("code").asText(null);
        }
    }

    public Answer description() {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/mesh/description")).GET());
    }

    /** POST /api/exchange/component/method with the arguments as a JSON array (range may be null). */
    public Answer call(String component, String method, String range, Object... args) {
        try {
            String query = range == null ? "" : "?range=" + URLEncoder.encode(range, StandardCharsets.UTF_8);
            return send(HttpRequest.newBuilder(URI.create(base + "/api/exchange/" + component + "/" + method + query))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(args))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** POST with a raw body, for malformed requests. */
    public Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
