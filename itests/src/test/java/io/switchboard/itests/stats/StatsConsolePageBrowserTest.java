package io.switchboard.itests.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.BrowserDriver;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 16, item 1's JSON snapshot in the console: the web console's Stats page in headless
 * Chromium, as an administrator: it loads, lists the runtime's metrics with their labels and values,
 * and its one action (the filter) works through the page's own form; the same snapshot as JSON. A
 * screenshot is kept under itests/target/console-screenshots/.
 */
class StatsConsolePageBrowserTest {

    private static final String PASSWORD = "itest-secret";
    private static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security").withExamples()
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n");

    @BeforeAll
    static void browserAndShots() throws Exception {
        BrowserDriver.install();
        Files.createDirectories(SHOTS);
    }

    private static String shot(BrowserDriver browser, String name) throws InterruptedException {
        String file = SHOTS.resolve(name + ".png").toString();
        assertEquals(file, browser.ask("shot " + file, "SHOT"));
        assertTrue(Files.isRegularFile(Path.of(file)));
        return file;
    }

    @Test
    void theStatsPageListsTheMetricsAndFiltersThem() throws Exception {
        try (WireClient caller = WireClient.connect(RUNTIME.port());
                BrowserDriver browser = new BrowserDriver("console.mjs", Integer.toString(RUNTIME.port()), "admin", PASSWORD)) {
            browser.expect("READY", Duration.ofSeconds(60));
            caller.ok("login", WireClient.object().put("username", "admin").put("password", PASSWORD));
            caller.ok("call", WireClient.object().put("component", "deviceManager").put("method", "version"));

            String page = browser.ask("goto /system/console/stats", "PAGE");
            assertTrue(page.startsWith("200 "), page);
            assertTrue(browser.ask("text #sb-summary", "TEXT").startsWith("Instance local"), "the snapshot's instance name");
            String table = browser.ask("text #sb-metrics", "TEXT");
            assertTrue(table.contains("switchboard.mesh.calls counter component=deviceManager, method=version(0), version=1.0.0 count 1"), table);
            assertTrue(table.contains("switchboard.queue.depth gauge queue=inbound"), table);
            assertTrue(table.contains("jvm.memory.used gauge"), table);
            shot(browser, "stats");

            browser.ask("fill #sb-filter input[name=name] :: switchboard.session", "FILLED");
            String clicked = browser.ask("click #sb-filter button", "CLICKED");
            assertTrue(clicked.startsWith("200 ") && clicked.contains("name=switchboard.session"), clicked);
            String filtered = browser.ask("text #sb-metrics", "TEXT");
            assertTrue(filtered.contains("switchboard.session.frames counter direction=in, protocol=switchboard.v1"), filtered);
            assertFalse(filtered.contains("switchboard.queue.depth"), "filtered out: " + filtered);
            shot(browser, "stats-filtered");
        }
    }

    @Test
    void theSnapshotIsThereAsJsonForAdministratorsOnly() throws Exception {
        HttpResponse<String> json = new Http(RUNTIME.port()).get("/system/console/stats?format=json", "admin", PASSWORD);
        assertEquals(200, json.statusCode(), json.body());
        JsonNode snapshot = Http.json(json);
        assertEquals("local", snapshot.path("instance").asText());
        boolean queues = false;
        for (JsonNode metric : snapshot.path("metrics")) {
            queues |= metric.path("name").asText().equals("switchboard.queue.depth") && metric.path("values").has("value");
        }
        assertTrue(queues, json.body());

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RUNTIME.port() + "/system/console/stats?format=json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertFalse(anonymous.body().contains("switchboard.queue"));
        String basic = Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port()
                + "/system/console/stats?format=json")).header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
    }
}
