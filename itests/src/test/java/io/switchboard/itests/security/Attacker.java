package io.switchboard.itests.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.WireClient;

/**
 * What the security regression tests do as an attacker would: raw HTTP requests (any method, any
 * token, from another loopback address) and raw protocol frames through {@link WireClient}.
 */
final class Attacker {

    static final String ADMIN_PASSWORD = "itest-secret";
    /** Quick hashes for tests; the lockout counts these tests rely on. */
    static final String SECURITY_CFG = "password.iterations = 10000\nlockout.attempts = 5\nlockout.seconds = 600\n";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Attacker() {
    }

    static WireClient loggedIn(int port, String username, String password) {
        WireClient client = WireClient.connect(port);
        client.ok("login", WireClient.object().put("username", username).put("password", password));
        return client;
    }

    static ObjectNode permission(String pattern, String... actions) {
        ObjectNode permission = WireClient.object().put("pattern", pattern);
        for (String action : actions) {
            permission.withArray("actions").add(action);
        }
        return permission;
    }

    static void makeUser(WireClient admin, String username, String password, ObjectNode... permissions) {
        ObjectNode request = WireClient.object().put("username", username).put("password", password);
        request.putArray("permissions");
        for (ObjectNode permission : permissions) {
            request.withArray("permissions").add(permission);
        }
        admin.ok("security.upsertUser", request);
    }

    /** Any request over HTTP, with a bearer token when one is given. */
    static HttpResponse<String> http(int port, String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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

    static HttpResponse<String> login(int port, String username, String password) {
        return http(port, "POST", "/api/login", null,
                WireClient.object().put("username", username).put("password", password).toString());
    }

    static String token(int port, String username, String password) {
        HttpResponse<String> login = login(port, username, password);
        if (login.statusCode() != 200) {
            throw new AssertionError("login of " + username + " answered " + login.statusCode() + ": " + login.body());
        }
        return Http.json(login).get("token").asText();
    }

    /** The error code of an HTTP answer, or "ok" for a 2xx. */
    static String code(HttpResponse<String> response) {
        if (response.statusCode() / 100 == 2) {
            return "ok";
        }
        JsonNode body = Http.json(response);
        return body.path("error").path("code").asText("(no code: " + response.body() + ")");
    }

    /**
     * {@code POST /api/login} written by hand on a socket bound to another loopback address: the
     * server sees the login come from {@code from}, another client than the tests' 127.0.0.1.
     *
     * @return the status code
     */
    static int loginFrom(String from, int port, String username, String password) {
        String body = WireClient.object().put("username", username).put("password", password).toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            return Integer.parseInt(status.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
