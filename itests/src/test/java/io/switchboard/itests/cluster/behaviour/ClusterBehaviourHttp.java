package io.switchboard.itests.cluster.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;

/**
 * One node's edge as the cluster fixture uses it, logged in as the administrator: calls to a
 * component's method ({@code POST /api/exchange}), asynchronous so that a test can see a call still
 * pending, and the description.
 */
final class ClusterBehaviourHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    ClusterBehaviourHttp(int port, String username, String password) {
        this.base = "http://127.0.0.1:" + port;
        JsonNode login = send(HttpRequest.newBuilder(URI.create(base + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("username", username).put("password", password)
                        .toString())), null).join();
        this.token = login.path("token").asText(null);
        if (token == null) {
            throw new AssertionError("login as " + username + " on " + base + " failed: " + login);
        }
    }

    /**
     * POST /api/exchange/component/method?range=… with the arguments: the answer's JSON, or a
     * failed future with the edge's error as a {@link SwitchboardException}.
     */
    CompletableFuture<JsonNode> call(String component, String method, String range, List<?> args) {
        try {
            String query = range == null ? "" : "?range=" + URLEncoder.encode(range, StandardCharsets.UTF_8);
            return send(HttpRequest.newBuilder(URI.create(base + "/api/exchange/" + component + "/" + method + query))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(args))),
                    token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How long a call waits for its answer before handing back a pending promise: the edge is a
     * network hop away, and what the mesh answers at once (no matching version, an undeclared
     * callee) should look done, as it does to a caller beside it.
     */
    static final long PROMPT_MILLIS = 500;

    /** A promise of an answer on its way, already done when the answer comes within {@link #PROMPT_MILLIS}. */
    static <T> org.osgi.util.promise.Promise<T> promised(CompletableFuture<T> answer) {
        org.osgi.util.promise.Deferred<T> deferred = new org.osgi.util.promise.Deferred<>();
        CompletableFuture<Void> settled = answer.handle((value, failed) -> {
            if (failed == null) {
                deferred.resolve(value);
            } else {
                deferred.fail(failed instanceof java.util.concurrent.CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failed);
            }
            return null;
        });
        try {
            settled.get(PROMPT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException pending) {
            // handed back pending: the test decides when it is answered
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return deferred.getPromise();
    }

    /** GET /api/mesh/description. */
    JsonNode description() {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/mesh/description")).GET(), token).join();
    }

    /** GET /suite-operator/&lt;read&gt;: what an operator reads of the node's mesh ({@link ClusterBehaviourOperator}). */
    JsonNode operator(String read) {
        return send(HttpRequest.newBuilder(URI.create(base + ClusterBehaviourOperator.PATH + "/" + read)).GET(), null).join();
    }

    /** POST /suite-operator/&lt;step&gt;?… : what an operator does to a bundle of deploy/ ({@link ClusterBehaviourOperator}). */
    JsonNode operatorStep(String step, java.util.Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((key, value) -> query.append(query.length() == 0 ? "?" : "&").append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(base + ClusterBehaviourOperator.PATH + "/" + step + query))
                .POST(HttpRequest.BodyPublishers.noBody()), null).join();
    }

    private CompletableFuture<JsonNode> send(HttpRequest.Builder request, String bearer) {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.sendAsync(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    JsonNode body;
                    try {
                        body = JSON.readTree(response.body());
                    } catch (IOException e) {
                        throw new IllegalStateException("not JSON from " + response.uri() + ": " + response.body());
                    }
                    if (response.statusCode() != 200) {
                        throw new SwitchboardException(body.path("error").path("code").asText("http." + response.statusCode()),
                                body.path("error").path("message").asText(response.body()));
                    }
                    return body;
                });
    }
}
