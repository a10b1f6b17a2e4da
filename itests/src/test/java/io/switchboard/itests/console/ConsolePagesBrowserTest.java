package io.switchboard.itests.console;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.BrokenComponent;
import io.switchboard.itests.support.BrowserDriver;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 16, item 2: every Switchboard page of the web console in headless Chromium, logged in as an
 * administrator: it loads, shows what it is for, and one action works through the page's own form.
 * A screenshot of each is kept under itests/target/console-screenshots/. The Logs tab shows the
 * runtime's SLF4J lines.
 */
class ConsolePagesBrowserTest {

    private static final String PASSWORD = "itest-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security").withExamples()
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n");

    @BeforeAll
    static void browserAndShots() throws Exception {
        BrowserDriver.install();
        Files.createDirectories(SHOTS);
    }

    private static BrowserDriver console() throws Exception {
        BrowserDriver browser = new BrowserDriver("console.mjs", Integer.toString(RUNTIME.port()), "admin", PASSWORD);
        browser.expect("READY", Duration.ofSeconds(60));
        return browser;
    }

    private static String shot(BrowserDriver browser, String name) throws InterruptedException {
        String file = SHOTS.resolve(name + ".png").toString();
        assertEquals(file, browser.ask("shot " + file, "SHOT"));
        assertTrue(Files.isRegularFile(Path.of(file)));
        return file;
    }

    @Test
    void theMeshPageShowsEveryComponentWithItsStateAndStopsOne() throws Exception {
        Path broken = BrokenComponent.deploy(RUNTIME.process().deploy(), RUNTIME.scratch("broken"));
        try (WireClient caller = WireClient.connect(RUNTIME.port());
                BrowserDriver browser = console()) {
            caller.ok("login", object().put("username", "admin").put("password", PASSWORD));
            caller.ok("call", object().put("component", "deviceManager").put("method", "version"));
            Await.until("brokenManager is failed", WAIT, () -> {
                try {
                    browser.ask("goto /system/console/mesh", "PAGE");
                    return browser.ask("text #sb-components", "TEXT").contains("brokenManager") ? true : null;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            String table = browser.ask("text #sb-components", "TEXT");
            assertTrue(table.contains("deviceManager 1.0.0 local running"), table);
            assertTrue(table.contains("version(0) 1 / 0"), "calls and failures per method: " + table);
            assertTrue(table.contains("customerNotifier 1.0.0 local running"), table);
            assertTrue(table.contains("deviceManager ^1.0.0: 1.0.0"), "a dependency with the version it reaches: " + table);
            assertTrue(table.contains("brokenManager 1.0.0 none failed cannot be loaded: its class io.switchboard.itests.broken.Missing"), table);
            assertTrue(browser.ask("text #sb-summary", "TEXT").contains("1 failed"));
            shot(browser, "mesh");

            String clicked = browser.ask("click tr[data-component=\"customerNotifier@1.0.0\"] button", "CLICKED");
            assertTrue(clicked.startsWith("200 ") && clicked.contains("done=stop"), clicked);
            assertTrue(browser.ask("text #sb-message", "TEXT").contains("drained"));
            assertFalse(browser.ask("text #sb-components", "TEXT").contains("customerNotifier"), "stopped: out of the mesh");
            shot(browser, "mesh-after-stop");
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    @Test
    void theSessionsPageListsWhoIsConnectedAndClosesASession() throws Exception {
        // The handshake is sent before Chromium starts: a session must shake hands within the
        // runtime's handshake timeout, and starting a browser on a loaded machine can take longer.
        try (RawWebSocket client = RawWebSocket.connect(RUNTIME.port(), "/api/ws", null);
                WireClient other = WireClient.connect(RUNTIME.port())) {
            client.sendText("{\"id\":0,\"action\":\"handshake\",\"client\":\"itest-dashboard/1.0\"}");
            String welcome = client.readText();
            String session = WireClient.json(welcome).path("result").path("session").asText();
            client.sendText("{\"id\":1,\"action\":\"login\",\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
            assertTrue(client.readText().contains("\"ok\":true"));
            client.sendText("{\"id\":2,\"action\":\"on\",\"path\":\"/dashboard/**\"}");
            assertTrue(client.readText().contains("\"ok\":true"));
            sessionsPageClosesIt(client, other, session);
        }
    }

    private static void sessionsPageClosesIt(RawWebSocket client, WireClient other, String session) throws Exception {
        try (BrowserDriver browser = console()) {
            browser.ask("goto /system/console/sessions", "PAGE");
            String row = browser.ask("text tr[data-session=\"" + session + "\"]", "TEXT");
            assertTrue(row.contains("admin") && row.contains("itest-dashboard/1.0") && row.contains("127.0.0.1")
                    && row.contains("switchboard.v1 (websocket)") && row.contains("1 / 0"), row);
            assertTrue(browser.ask("text #sb-summary", "TEXT").matches("\\d+ open session\\(s\\)\\."));
            shot(browser, "sessions");

            String clicked = browser.ask("click tr[data-session=\"" + session + "\"] button", "CLICKED");
            assertTrue(clicked.contains("done=close"), clicked);
            RawWebSocket.Frame closed = client.readAnswering();
            assertEquals(4011, closed.closeCode(), "the client is told an administrator closed it");
            assertFalse(browser.ask("text #sb-sessions", "TEXT").contains(session));
            other.ok("ping", object());
        }
    }

    @Test
    void theSubscriptionsPageGroupsByPatternAndEndsThem() throws Exception {
        try (WireClient client = WireClient.connect(RUNTIME.port());
                BrowserDriver browser = console()) {
            client.ok("login", object().put("username", "admin").put("password", PASSWORD));
            client.ok("on", object().put("path", "/orders/*/status"));
            client.ok("on", object().put("path", "/orders/*/status"));
            client.ok("event.on", object().put("component", "deviceManager").put("event", "alert"));
            browser.ask("goto /system/console/subscriptions", "PAGE");
            String data = browser.ask("text tr[data-pattern=\"/orders/*/status\"]", "TEXT");
            assertTrue(data.startsWith("/orders/*/status 2 "), data);
            String events = browser.ask("text #sb-events", "TEXT");
            assertTrue(events.contains("deviceManager alert") && events.contains("browserNotifier@1.0.0")
                    && events.contains("user:admin (session"), events);
            shot(browser, "subscriptions");

            String clicked = browser.ask("click tr[data-pattern=\"/orders/*/status\"] button", "CLICKED");
            assertTrue(clicked.contains("done=end"), clicked);
            assertFalse(browser.ask("text #sb-data", "TEXT").contains("/orders/*/status"));
        }
    }

    @Test
    void theUsersPageCreatesAUserAndNeverShowsAPassword() throws Exception {
        try (BrowserDriver browser = console()) {
            browser.ask("goto /system/console/users", "PAGE");
            assertTrue(browser.ask("text tr[data-user=\"admin\"]", "TEXT").contains("_ADMIN"));
            browser.ask("fill #sb-user-form input[name=username] :: carol", "FILLED");
            browser.ask("fill #sb-user-form input[name=password] :: carol-secret-pass", "FILLED");
            browser.ask("fill #sb-user-form textarea[name=permissions] :: [{\"pattern\":\"/carol/**\",\"actions\":[\"get\",\"set\"]}]", "FILLED");
            String clicked = browser.ask("click #sb-user-form button", "CLICKED");
            assertTrue(clicked.contains("done=saveUser"), clicked);
            String carol = browser.ask("text tr[data-user=\"carol\"]", "TEXT");
            assertTrue(carol.contains("/carol/**") && carol.contains("yes"), carol);
            String page = browser.ask("text #content", "TEXT");
            assertFalse(page.contains("carol-secret-pass") || page.toLowerCase(java.util.Locale.ROOT).contains("pbkdf2"),
                    "no password, no hash: " + page);
            shot(browser, "users");

            browser.ask("fill #sb-user-form input[name=username] :: dave", "FILLED");
            browser.ask("fill #sb-user-form input[name=password] :: p", "FILLED");
            browser.ask("fill #sb-user-form textarea[name=permissions] :: [{\"pattern\":\"/a\",\"actions\":[\"fly\"]}]", "FILLED");
            browser.ask("click #sb-user-form button", "CLICKED");
            assertTrue(browser.ask("text #sb-error", "TEXT").contains("unknown action 'fly'"));
            assertFalse(browser.ask("text #sb-users", "TEXT").contains("dave"), "a refused form changes nothing");
        }
        try (WireClient carol = WireClient.connect(RUNTIME.port())) {
            carol.ok("login", object().put("username", "carol").put("password", "carol-secret-pass"));
            carol.ok("set", object().put("path", "/carol/x").set("data", object().put("v", 1)));
        }
    }

    @Test
    void theLogsTabShowsTheRuntimesLines() throws Exception {
        try (BrowserDriver browser = console()) {
            browser.ask("goto /system/console/logs", "PAGE");
            String logs = Await.until("the Logs tab lists the runtime's lines", WAIT, () -> {
                try {
                    String text = browser.ask("text #content", "TEXT");
                    return text.contains("[io.switchboard.audit] audit=login outcome=ok user=admin") ? text : null;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(logs.contains("kind=console"), "the console's own login, logged through SLF4J");
            shot(browser, "logs");
        }
    }
}
