package io.switchboard.itests.bus;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A subscriber's callback server on loopback (the JDK's HttpServer): each path answers as a test
 * scripts it, and every request is recorded with its time, method, query, headers and body.
 */
final class CallbackServer implements AutoCloseable {

    /** A request as the callback saw it. */
    record Received(long atNanos, String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** An answer: status, body, extra headers. */
    record Answer(int status, String body, Map<String, String> headers) {
        static Answer of(int status) {
            return new Answer(status, "", Map.of());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Answer>> scripts = new ConcurrentHashMap<>();

    CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "callback-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of a path on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How a path answers (by default 200 with an empty body). */
    void script(String path, Function<Received, Answer> answer) {
        scripts.put(path, answer);
    }

    /** The requests to a path so far. */
    List<Received> at(String path) {
        List<Received> at = new ArrayList<>();
        for (Received request : received) {
            if (request.path().equals(path)) {
                at.add(request);
            }
        }
        return at;
    }

    List<Received> at(String path, String method) {
        return at(path).stream().filter(request -> request.method().equals(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, String> query = new HashMap<>();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            Received request = new Received(System.nanoTime(), exchange.getRequestMethod(), uri.getPath(), query, headers,
                    exchange.getRequestBody().readAllBytes());
            received.add(request);
            Answer answer = scripts.getOrDefault(uri.getPath(), r -> Answer.of(200)).apply(request);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the hub gave up on this request (a timeout): nothing to answer
        }
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** The HMAC-SHA256 of a body, as the hub and the webhooks sign it. */
    static String sign(String secret, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
