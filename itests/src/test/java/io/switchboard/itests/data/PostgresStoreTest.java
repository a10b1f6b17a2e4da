package io.switchboard.itests.data;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.PostgresServer;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TempFolder;
import io.switchboard.itests.support.WireClient;

/**
 * The real distribution with {@code SWITCHBOARD_STORE_URL}: data over HTTP and WebSocket lands in
 * PostgreSQL, is shared by two runtimes and outlives them, and the database going away is a 503
 * with a code and a DOWN {@code /health} until it is back, which the runtime notices by itself.
 */
class PostgresStoreTest {

    private static final String PASSWORD = "itest-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PostgresServer server;
    /** The runtimes' homes and logs, each test's runtimes stopped by the test. */
    private static TempFolder work;

    @BeforeAll
    static void startPostgres() {
        work = TempFolder.create("switchboard-pg-itest");
        server = PostgresServer.start();
    }

    @AfterAll
    static void deletePostgres() {
        work.close();
        if (server != null) {
            server.close();
        }
    }

    private static final int INCREMENTS = 100;

    /** A runtime process and its HTTP port. */
    private record Node(RuntimeProcess process, int port) {
        String base() {
            return "http://127.0.0.1:" + port;
        }
    }

    /** A runtime in a new home of its own, with the store; not yet ready. */
    private static Node runtime() throws Exception {
        Path home = Files.createTempDirectory(work.path(), "home");
        Map<String, String> env = new HashMap<>(RuntimeProcess.testEnv("core,edge,security"));
        env.put("SWITCHBOARD_STORE_URL", server.url());
        env.put("SWITCHBOARD_STORE_PASSWORD", server.password());
        int port = FreePort.pick();
        return new Node(RuntimeProcess.start(home, port, env), port);
    }

    @Test
    void dataIsKeptInPostgresSharedByTwoRuntimesAndOutlivesBoth() throws Exception {
        Node a = runtime();
        Node b = runtime();
        try {
            a.process().awaitReady();
            b.process().awaitReady();
            String health = a.process().http().get("/health").body();
            assertTrue(health.contains("data.postgres"), health);
            String tokenA = login(a);
            String tokenB = login(b);

            assertEquals(200, send(a, tokenA, "PUT", "/api/data/pg/shared/devices/t1", "{\"kind\":\"thermostat\",\"temp\":21}").statusCode());
            assertEquals(200, send(b, tokenB, "PATCH", "/api/data/pg/shared/devices/t1", "{\"temp\":22}").statusCode());
            assertEquals(200, send(b, tokenB, "PUT", "/api/data/pg/shared/devices/t2", "{\"kind\":\"camera\",\"temp\":30}").statusCode());
            JsonNode sorted = Http.json(send(a, tokenA, "GET", "/api/data/pg/shared/devices/*?sort=-temp", null));
            assertEquals(List.of("/pg/shared/devices/t2", "/pg/shared/devices/t1"), List.of(sorted.get(0).get("path").asText(), sorted.get(1).get("path").asText()));
            assertEquals("{\"kind\":\"thermostat\",\"temp\":22}", sorted.get(1).get("data").toString());

            // a counter incremented through both runtimes over the WebSocket at once loses nothing
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (Node node : List.of(a, b)) {
                    done.add(clients.submit(() -> {
                        try (WireClient client = WireClient.connect(node.port())) {
                            client.ok("login", object().put("username", "admin").put("password", PASSWORD));
                            for (int i = 0; i < INCREMENTS; i++) {
                                client.ok("increment", object().put("path", "/pg/shared/counter").put("field", "hits").put("by", 1));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(2, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
            assertEquals(2 * INCREMENTS, Http.json(send(b, tokenB, "GET", "/api/data/pg/shared/counter", null)).get("data").get("hits").asInt());

            // it is in the database, not in either runtime's embedded store
            assertEquals(List.of("/pg/shared/counter", "/pg/shared/devices/t1", "/pg/shared/devices/t2"), storedPaths("/pg/shared/%"));
        } finally {
            stopCleanly(a);
            stopCleanly(b);
        }

        Node fresh = runtime(); // a new home: nothing of the earlier runtimes but the database
        try {
            fresh.process().awaitReady();
            String token = login(fresh);
            JsonNode t1 = Http.json(send(fresh, token, "GET", "/api/data/pg/shared/devices/t1", null));
            assertEquals(22, t1.get("data").get("temp").asInt());
            assertEquals(2 * INCREMENTS, Http.json(send(fresh, token, "GET", "/api/data/pg/shared/counter", null)).get("data").get("hits").asInt());
        } finally {
            stopCleanly(fresh);
        }
    }

    @Test
    void theDatabaseGoingAwayIs503AndHealthDownThenItRecoversWithNoRestartAndNoAcknowledgedWriteLost() throws Exception {
        Node runtime = runtime();
        try {
            runtime.process().awaitReady();
            String token = login(runtime);
            ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        HttpResponse<String> put = send(runtime, token, "PUT", "/api/data/pg/acked/" + i, "{\"i\":" + i + "}");
                        if (put.statusCode() == 200) {
                            acknowledged.add(i);
                        } else {
                            refusals.add(put.statusCode() + " " + Http.json(put).path("error").path("code").asText());
                        }
                    } catch (Exception e) {
                        refusals.add(e.toString());
                    }
                }
            }, "pg-itest-writer");
            writer.start();
            try {
                Await.until("writes acknowledged before the outage", Duration.ofSeconds(60), () -> acknowledged.size() >= 50);
                server.stop();

                Await.until("a write refused while PostgreSQL is away", Duration.ofSeconds(30), () -> !refusals.isEmpty());
                HttpResponse<String> health = Await.until("/health DOWN", Duration.ofSeconds(30), () -> {
                    HttpResponse<String> answer = runtime.process().http().get("/health");
                    return answer.statusCode() == 503 ? answer : null;
                });
                JsonNode down = Http.json(health);
                assertEquals("DOWN", down.get("status").asText());
                assertEquals("data.postgres", down.get("notReady").get(0).get("name").asText(), health.body());
                assertTrue(down.get("notReady").get(0).get("reason").asText().contains("PostgreSQL at 127.0.0.1:" + server.port()), health.body());
                try (WireClient client = WireClient.connect(runtime.port())) {
                    client.ok("login", object().put("token", token));
                    assertEquals("data.store-unavailable", client.error("set", object().put("path", "/pg/ws").set("data", object().put("x", 1))));
                }
                int beforeRecovery = acknowledged.size();

                server.resume();
                Await.until("/health UP again, without a restart", Duration.ofSeconds(30),
                        () -> runtime.process().http().get("/health").statusCode() == 200);
                Await.until("writes acknowledged again", Duration.ofSeconds(30), () -> acknowledged.size() >= beforeRecovery + 50);
            } finally {
                stop.set(true);
                writer.join(30_000);
            }
            assertEquals(List.of("503 data.store-unavailable"), refusals.stream().distinct().toList(), "every refusal: " + refusals);
            List<String> stored = storedPaths("/pg/acked/%");
            for (int i : acknowledged) {
                assertTrue(stored.contains("/pg/acked/" + i), "acknowledged write " + i + " is in the database");
            }
        } finally {
            // the pool's warnings are quieted, and the provider's own lines carry no stack trace
            stopCleanly(runtime);
        }
    }

    @Test
    void aMalformedStoreURLIsAUsageErrorAndTheRuntimeDoesNotStart() throws Exception {
        Path home = Files.createTempDirectory(work.path(), "home");
        Map<String, String> env = new HashMap<>(RuntimeProcess.testEnv("core"));
        env.put("SWITCHBOARD_STORE_URL", "jdbc:postgresql://127.0.0.1:5432");
        RuntimeProcess runtime = RuntimeProcess.start(home, FreePort.pick(), env);
        try {
            assertEquals(2, runtime.awaitExit(Duration.ofSeconds(60)), runtime.log());
            assertTrue(runtime.log().contains("store URL"), runtime.log());
        } finally {
            runtime.close();
        }
    }

    /** SIGTERM, exit code 0, and no stack trace in the log: the outage is reported in the runtime's own words. */
    private static void stopCleanly(Node node) {
        int code = node.process().stop();
        String log = node.process().log();
        assertEquals(0, code, log);
        assertTrue(!RuntimeProcess.STACK_FRAME.matcher(log).find(), "a stack trace in the runtime's log:\n" + log);
    }

    private static String login(Node runtime) throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.base() + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        return Http.json(login).get("token").asText();
    }

    private static HttpResponse<String> send(Node runtime, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The paths stored in PostgreSQL under a LIKE pattern, read with SQL, in order. */
    private static List<String> storedPaths(String like) throws Exception {
        List<String> paths = new ArrayList<>();
        try (Connection connection = server.connect();
                PreparedStatement query = connection.prepareStatement("SELECT path FROM switchboard_documents WHERE path LIKE ? ORDER BY path")) {
            query.setString(1, like);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    paths.add(rows.getString(1));
                }
            }
        }
        return paths;
    }
}
