package io.switchboard.itests.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 16, item 1: {@code GET /metrics} of a real runtime, scraped and parsed as Prometheus would:
 * every metric docs/metrics.md lists is there, the runtime's own move when work is done, only an
 * administrator or the scrape token may read it, and the StatsD push reaches a UDP listener.
 */
class MetricsEndpointTest {

    private static final String ADMIN_PASSWORD = "itest-secret";
    private static final String SCRAPE_TOKEN = "scrape-token-for-the-itest-0123456789";
    /** The StatsD server: a UDP socket of the test's own, opened before the runtime starts so that its port can be configured. */
    private static final DatagramSocket STATSD = open();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security").withExamples()
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n")
            .withEtc("io.switchboard.stats.cfg", "scrapeToken = " + SCRAPE_TOKEN + "\nstatsdHost = 127.0.0.1\nstatsdPort = "
                    + STATSD.getLocalPort() + "\nstatsdIntervalSeconds = 1\n");

    private static DatagramSocket open() {
        try {
            return new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeStatsd() {
        STATSD.close();
    }

    private static String adminToken() {
        HttpResponse<String> login = Scrape.login(RUNTIME.port(), "admin", ADMIN_PASSWORD);
        assertEquals(200, login.statusCode(), login.body());
        return Http.json(login).path("token").asText();
    }

    private static Map<String, Double> scrape(String token) {
        HttpResponse<String> response = Scrape.get(RUNTIME.port(), token);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return Scrape.samples(response.body());
    }

    @Test
    void everyDocumentedMetricIsThereAndTheRuntimesOwnMoveWhenWorkIsDone() {
        String admin = adminToken();
        Map<String, Double> before;
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            client.ok("login", WireClient.object().put("username", "admin").put("password", ADMIN_PASSWORD));
            client.ok("on", WireClient.object().put("path", "/metrics-test/**"));
            before = scrape(admin);

            client.ok("set", WireClient.object().put("path", "/metrics-test/a").set("data", WireClient.json("{\"v\":1}")));
            client.ok("get", WireClient.object().put("path", "/metrics-test/a"));
            client.error("no-such-action", WireClient.object());
            client.ok("call", WireClient.object().put("component", "deviceManager").put("method", "version").set("args", WireClient.json("[]")));
            // a reading over the device's limit: deviceManager emits an alert, which the notifier examples hear
            client.ok("call", WireClient.object().put("component", "deviceManager").put("method", "update")
                    .set("args", WireClient.json("[{\"deviceId\":\"thermostat-1\",\"value\":1000}]")));
            assertEquals(401, Scrape.login(RUNTIME.port(), "admin", "wrong-password").statusCode());

            Map<String, Double> after = scrape(admin);
            List<String> missing = new ArrayList<>();
            for (String name : Scrape.documented()) {
                if (!Scrape.present(after, name)) {
                    missing.add(name);
                }
            }
            assertEquals(List.of(), missing, "documented in docs/metrics.md but not in /metrics");

            String protocol = "protocol=\"switchboard.v1\"";
            assertMoved(before, after, "switchboard_session_frames_total", protocol, "direction=\"in\"");
            assertMoved(before, after, "switchboard_session_bytes_total", protocol, "direction=\"out\"");
            assertMoved(before, after, "switchboard_session_errors_total", protocol);
            assertTrue(Scrape.value(after, "switchboard_sessions", protocol) >= 1, "an open session is counted");
            assertMoved(before, after, "switchboard_data_operation_seconds_count", "operation=\"set\"");
            assertMoved(before, after, "switchboard_data_operation_seconds_count", "operation=\"get\"");
            assertMoved(before, after, "switchboard_mesh_calls_total", "component=\"deviceManager\"", "method=\"version");
            assertMoved(before, after, "switchboard_mesh_call_seconds_total", "component=\"deviceManager\"", "method=\"version");
            assertMoved(before, after, "switchboard_mesh_event_emitted_total", "event=\"deviceManager/alert\"");
            assertMoved(before, after, "switchboard_security_logins_total", "outcome=\"failed\"");
            assertMoved(before, after, "switchboard_queue_tasks_completed_total", "queue=\"publication\"");
            assertTrue(Scrape.value(after, "switchboard_data_subscriptions") >= 1, "the test's subscription is counted");
            assertTrue(Scrape.value(after, "switchboard_mesh_components", "state=\"running\"") >= 3, "the three examples run");
            assertTrue(Scrape.value(after, "jvm_memory_used_bytes") > 0, "the JVM's metrics are there");
        }
    }

    private static void assertMoved(Map<String, Double> before, Map<String, Double> after, String family, String... labels) {
        double was = Scrape.value(before, family, labels);
        double is = Scrape.value(after, family, labels);
        assertTrue(is > was, family + " " + List.of(labels) + " did not move: " + was + " then " + is);
    }

    @Test
    void onlyAnAdministratorOrTheScrapeTokenMayReadIt() {
        HttpResponse<String> none = Scrape.get(RUNTIME.port(), null);
        assertEquals(401, none.statusCode());
        assertEquals("security.unauthenticated", Http.json(none).path("error").path("code").asText(), none.body());
        assertEquals("Bearer realm=\"switchboard\"", none.headers().firstValue("WWW-Authenticate").orElse(""));

        HttpResponse<String> wrong = Scrape.get(RUNTIME.port(), SCRAPE_TOKEN + "x");
        assertEquals(401, wrong.statusCode());
        assertEquals("security.invalid-token", Http.json(wrong).path("error").path("code").asText(), wrong.body());
        assertTrue(!wrong.body().contains("switchboard_"), "no metric in a refusal");

        try (WireClient admin = WireClient.connect(RUNTIME.port())) {
            admin.ok("login", WireClient.object().put("username", "admin").put("password", ADMIN_PASSWORD));
            admin.ok("security.upsertUser", WireClient.object().put("username", "reader").put("password", "reader-password")
                    .set("permissions", WireClient.json("[{\"pattern\":\"/**\",\"actions\":[\"*\"]}]")));
        }
        String reader = Http.json(Scrape.login(RUNTIME.port(), "reader", "reader-password")).path("token").asText();
        HttpResponse<String> notAdmin = Scrape.get(RUNTIME.port(), reader);
        assertEquals(403, notAdmin.statusCode());
        assertEquals("security.forbidden", Http.json(notAdmin).path("error").path("code").asText(), notAdmin.body());

        assertTrue(Scrape.present(scrape(SCRAPE_TOKEN), "switchboard_queue_depth"), "the scrape token reads the metrics");
    }

    @Test
    void theStatsdPushReachesAUdpListener() throws IOException {
        List<String> lines = Await.until("a StatsD datagram with the runtime's metrics", Duration.ofSeconds(30), () -> {
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                STATSD.setSoTimeout(1_000);
                STATSD.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> received = List.of(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).split("\n"));
            return received.stream().anyMatch(line -> line.startsWith("switchboard.queue.depth")) ? received : null;
        });
        assertTrue(lines.stream().allMatch(line -> line.matches("[^:]+:([-0-9.E]+|NaN)\\|(c|g|ms|h|s)(\\|.*)?")), "StatsD lines: " + lines);
    }
}
