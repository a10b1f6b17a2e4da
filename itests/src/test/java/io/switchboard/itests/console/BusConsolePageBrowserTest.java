package io.switchboard.itests.console;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.switchboard.itests.bus.BusApi;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.BrowserDriver;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawHttp;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 15, item 7: the web console's Bus page in headless Chromium against a real runtime, as an
 * administrator: topics (memory and file) with depth, in flight, rates and consumers, a schedule with
 * its next fire, a webhook to a failing callback with its last status, and its dead letters, which the
 * page's own buttons re-drive (the callback, answering again, receives the message) and purge. A
 * non-administrator is refused, and so is a post from another origin's page (raw HTTP, as an
 * attacker's page would send it). Screenshots under itests/target/console-screenshots/.
 */
class BusConsolePageBrowserTest {

    private static final String PASSWORD = "itest-secret";
    private static final String EVIL = "https://evil.example";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security,bus")
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n")
            .withEtc("io.switchboard.bus.hooks.cfg", "retryBaseMillis = 100\nretryMaxMillis = 200\ncallbackTimeoutMillis = 5000\n");

    /** The callbacks: {@code /flaky} answers {@link #flakyStatus}, {@code /fail} always 500; each delivery's message id and attempt is recorded. */
    private static HttpServer callbacks;
    private static volatile int flakyStatus = 500;
    private static final List<String> flakyReceived = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        BrowserDriver.install();
        Files.createDirectories(SHOTS);
        callbacks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        callbacks.createContext("/flaky", exchange -> {
            exchange.getRequestBody().readAllBytes();
            flakyReceived.add(exchange.getRequestHeaders().getFirst("Bus-Message-Id") + " " + exchange.getRequestHeaders().getFirst("Bus-Delivery"));
            answer(exchange, flakyStatus);
        });
        callbacks.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 500);
        });
        callbacks.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        callbacks.stop(0);
    }

    private static String callback(String path) {
        return "http://127.0.0.1:" + callbacks.getAddress().getPort() + path;
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static String shot(BrowserDriver browser, String name) throws InterruptedException {
        String file = SHOTS.resolve(name + ".png").toString();
        assertEquals(file, browser.ask("shot " + file, "SHOT"));
        assertTrue(Files.isRegularFile(Path.of(file)));
        return file;
    }

    /** A topic on the memory driver whose messages die after two failed attempts, with a webhook to {@code path}; the webhook's id. */
    private static String hookedTopic(BusApi admin, String topic, String path) {
        admin.topic(topic, "{\"driver\": \"memory\", \"maxDeliveries\": 2}");
        BusApi.Answer made = admin.post("/api/bus/topics/" + topic + "/subscriptions", "{\"group\": \"hooks\", \"callback\": \"" + callback(path)
                + "?token=callback-credential\", \"secret\": \"a-webhook-secret-of-some-length\"}");
        assertEquals(201, made.status(), made.toString());
        return made.body().path("id").asText();
    }

    private static List<String> deadLetters(BusApi admin, String topic) {
        List<String> ids = new ArrayList<>();
        admin.get("/api/bus/topics/" + topic + "/dead-letters").body().path("messages").forEach(message -> ids.add(message.path("id").asText()));
        return ids;
    }

    private static List<String> awaitDeadLetters(BusApi admin, String topic, int count) {
        return Await.until(count + " dead letter(s) on " + topic, WAIT, () -> {
            List<String> ids = deadLetters(admin, topic);
            return ids.size() == count ? ids : null;
        });
    }

    @Test
    void thePageShowsTopicsSchedulesWebhooksAndDeadLettersAndReDrivesAndPurgesThem() throws Exception {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", PASSWORD);
        String orders = unique("orders");
        String journal = unique("journal");
        String hooked = unique("hooked");
        String schedule = unique("yearly");
        try (BrowserDriver browser = new BrowserDriver("console.mjs", Integer.toString(RUNTIME.port()), "admin", PASSWORD)) {
            browser.expect("READY", Duration.ofSeconds(60));
            // made once the browser is up, so that the page reads the rates within the minute they are counted over
            admin.topic(orders, "{\"driver\": \"memory\"}");
            admin.topic(journal, "{\"driver\": \"file\"}");
            for (int i = 0; i < 3; i++) {
                admin.publish(orders, "{\"order\": " + i + "}", Map.of());
            }
            admin.publish(journal, "{\"line\": 1}", Map.of());
            admin.publish(journal, "{\"line\": 2}", Map.of());
            assertEquals(1, admin.lease(orders, "group=workers&max=1&visibility=600000").size(), "one message in flight for the workers");
            assertEquals(201, admin.put("/api/bus/schedules/" + schedule, "{\"cron\": \"0 0 1 1 *\", \"zone\": \"UTC\", \"topic\": \"" + journal
                    + "\", \"payload\": {\"new\": \"year\"}}").status());
            String hook = hookedTopic(admin, hooked, "/flaky");
            String first = admin.publish(hooked, "{\"n\": 1}", Map.of());
            List<String> dead = awaitDeadLetters(admin, hooked, 1);
            String second = admin.publish(hooked, "{\"n\": 2}", Map.of());
            dead = awaitDeadLetters(admin, hooked, 2);
            assertTrue(dead.containsAll(List.of(first, second)), dead.toString());

            String page = browser.ask("goto /system/console/bus", "PAGE");
            assertTrue(page.startsWith("200 "), page);

            String memory = browser.ask("text tr[data-topic=\"" + orders + "\"]", "TEXT");
            assertTrue(memory.startsWith(orders + " memory fifo 3 1 0 0.05 0.00 1 workers: 2 / 1 / 0 / 1"),
                    "depth 3, 1 in flight, no dead, 3 published in the last minute, 1 consumer: " + memory);
            String file = browser.ask("text tr[data-topic=\"" + journal + "\"]", "TEXT");
            assertTrue(file.startsWith(journal + " file fifo 2 0 0 "), file);
            String hookedRow = browser.ask("text tr[data-topic=\"" + hooked + "\"]", "TEXT");
            assertTrue(hookedRow.matches(hooked + " memory fifo \\d+ 0 2 .*"), "none in flight, two dead: " + hookedRow);

            String yearly = browser.ask("text tr[data-schedule=\"" + schedule + "\"]", "TEXT");
            int nextYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 1;
            assertEquals(schedule + " 0 0 1 1 * (UTC) " + journal + " active " + nextYear + "-01-01 00:00:00 UTC 0", yearly, "next fire, never fired");

            String webhook = browser.ask("text tr[data-webhook=\"" + hook + "\"]", "TEXT");
            assertTrue(webhook.startsWith(hook + " webhook " + hooked + " hooks " + callback("/flaky") + " failing 0 0 / 4 / 2 500 "), webhook);
            assertTrue(webhook.endsWith("the callback answered 500"), webhook);
            String all = browser.ask("text #content", "TEXT");
            assertFalse(all.contains("callback-credential"), "the callback's query is not shown: " + all);
            assertFalse(all.contains("a-webhook-secret-of-some-length"), "nor its secret");

            String firstDead = browser.ask("text tr[data-dead=\"" + first + "\"]", "TEXT");
            assertTrue(firstDead.startsWith(first + " hooks max-deliveries 2 "), firstDead);
            assertTrue(firstDead.contains("{\"n\":1}"), "its payload: " + firstDead);
            shot(browser, "bus");

            flakyStatus = 204;
            String clicked = browser.ask("click tr[data-dead=\"" + first + "\"] button", "CLICKED");
            assertTrue(clicked.startsWith("200 ") && clicked.contains("done=redrive"), clicked);
            assertTrue(browser.ask("text #sb-message", "TEXT").contains("put back in their group's queue"));
            Await.until("the callback receives the re-driven message, its deliveries reset", WAIT,
                    () -> flakyReceived.contains(first + " 1") ? true : null);
            assertEquals(List.of(second), deadLetters(admin, hooked), "only the other one is still dead");
            JsonNode subscription = Await.until("the delivery is counted", WAIT, () -> {
                JsonNode read = admin.get("/api/bus/topics/" + hooked + "/subscriptions/" + hook).body();
                return read.path("delivered").asLong() == 1 ? read : null;
            });
            assertEquals(204, subscription.path("lastStatus").asInt());

            browser.ask("goto /system/console/bus", "PAGE");
            assertTrue(browser.ask("text tr[data-webhook=\"" + hook + "\"]", "TEXT").contains(" ok 0 1 / 4 / 2 204 "), "now delivering");
            shot(browser, "bus-after-redrive");
            clicked = browser.ask("click div[data-dead-topic=\"" + hooked + "\"] form:nth-of-type(2) button", "CLICKED");
            assertTrue(clicked.contains("done=purge"), clicked);
            assertEquals(List.of(), deadLetters(admin, hooked), "purged");
            assertFalse(browser.ask("text #content", "TEXT").contains(second), "and gone from the page");
            assertFalse(flakyReceived.stream().anyMatch(received -> received.startsWith(second + " 3")), "a purged message is never sent again");
        }

        HttpResponse<String> json = new Http(RUNTIME.port()).get("/system/console/bus?format=json", "admin", PASSWORD);
        assertEquals(200, json.statusCode(), json.body());
        JsonNode view = Http.json(json);
        assertTrue(has(view.path("topics"), "name", orders) && has(view.path("topics"), "name", journal), json.body());
        assertTrue(has(view.path("schedules"), "name", schedule), json.body());
        assertTrue(has(view.path("webhooks"), "callback", callback("/flaky")), json.body());
        assertFalse(json.body().contains("callback-credential"), json.body());
    }

    private static boolean has(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (item.path(field).asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void nonAdministratorsAndPostsFromAnotherOriginChangeNothing() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", PASSWORD);
        String topic = unique("kept");
        hookedTopic(admin, topic, "/fail");
        String message = admin.publish(topic, "{\"keep\": true}", Map.of());
        awaitDeadLetters(admin, topic, 1);
        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            client.ok("login", object().put("username", "admin").put("password", PASSWORD));
            client.ok("security.upsertUser", object().put("username", "olive").put("password", "olive-pass")
                    .set("permissions", WireClient.json("[{\"pattern\":\"/**\",\"actions\":[\"*\"]}]")));
        }

        RawHttp http = new RawHttp(RUNTIME.port());
        for (String target : List.of("/system/console/bus", "/system/console/bus?format=json")) {
            RawHttp.Response refused = http.send("GET", target, basic("olive", "olive-pass"));
            assertEquals(401, refused.status(), target + " for a non-administrator");
            assertFalse(refused.body().contains(topic), "nothing of the bus shown");
        }
        for (String form : List.of("action=redrive&topic=" + topic + "&message=" + message, "action=purge&topic=" + topic)) {
            assertEquals(401, http.send("POST", "/system/console/bus", List.of(basic("olive", "olive-pass"),
                    "Content-Type: application/x-www-form-urlencoded", "Origin: " + http.origin()), form).status(), form);
            for (List<String> from : List.of(List.of("Origin: " + EVIL), List.of("Sec-Fetch-Site: cross-site", "Origin: " + EVIL),
                    List.of("Referer: " + EVIL + "/cats.html"))) {
                List<String> headers = new ArrayList<>(List.of(basic("admin", PASSWORD), "Content-Type: application/x-www-form-urlencoded"));
                headers.addAll(from);
                RawHttp.Response refused = http.send("POST", "/system/console/bus", headers, form);
                assertEquals(403, refused.status(), form + " " + from + ": " + refused.body());
                assertEquals("http.cross-origin-refused", refused.errorCode());
            }
        }
        assertEquals(List.of(message), deadLetters(admin, topic), "the dead letter is still there");

        RawHttp.Response own = http.send("POST", "/system/console/bus", List.of(basic("admin", PASSWORD),
                "Content-Type: application/x-www-form-urlencoded", "Origin: " + http.origin(), "Sec-Fetch-Site: same-origin"),
                "action=purge&topic=" + topic + "&message=" + message);
        assertEquals(302, own.status(), own.body());
        assertTrue(own.header("Location").orElse("").endsWith("/system/console/bus?done=purge"), own.headers().toString());
        assertEquals(List.of(), deadLetters(admin, topic), "the same form from the console's own page works");
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}
