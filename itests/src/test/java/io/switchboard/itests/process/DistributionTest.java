package io.switchboard.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Console;
import io.switchboard.itests.support.Console.BundleInfo;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * The distribution as an operator uses it: started with bin/switchboard in its own process, reached
 * over HTTP on 127.0.0.1, fed bundles through deploy/, and stopped with SIGTERM.
 */
class DistributionTest {

    private static final String PASSWORD = "itest-secret";
    private static final String EXAMPLE = "io.switchboard.examples.device-manager";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);

    /** The core and the console, in a home of its own whose deploy/ starts empty: the test drops the example in. */
    private static final Map<String, String> ENV = Map.of(
            "SWITCHBOARD_ADMIN_PASSWORD", PASSWORD,
            "SWITCHBOARD_FEATURES", "core,webconsole");

    @TempDir
    Path work;

    private static void stopCleanly(RuntimeProcess runtime) {
        assertEquals(0, runtime.stop(), "exit code after SIGTERM; log:\n" + runtime.log());
        String log = runtime.log();
        assertFalse(RuntimeProcess.STACK_FRAME.matcher(log).find(), "a stack trace in the log:\n" + log);
    }

    @Test
    void theConsoleRefusesAnonymousRequestsAndAcceptsTheAdminPassword() {
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), FreePort.pick(), ENV).awaitReady()) {
            Http http = runtime.http();
            assertEquals(401, http.get("/system/console/bundles.json").statusCode());
            assertEquals(401, http.get("/system/console/bundles.json", "admin", "admin").statusCode());
            assertEquals(200, http.get("/system/console/bundles.json", "admin", PASSWORD).statusCode());
            assertEquals("UP", Http.json(http.get("/health")).get("status").asText());
            assertTrue(runtime.log().contains("ready in"), "the banner says how long start took");
            stopCleanly(runtime);
        }
    }

    @Test
    void hotDeployInstallsUpdatesInPlaceRunsSideBySideAndUninstalls() throws IOException {
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), FreePort.pick(), ENV).awaitReady()) {
            Http http = runtime.http();
            Console console = new Console(http, PASSWORD);
            Path managed = runtime.deploy().resolve("device-manager.jar");

            dropInto(Distribution.example("device-manager-1.0.0.jar"), managed);
            BundleInfo first = Await.until("1.0.0 active", DEPLOY_TIMEOUT, () -> active(console, "1.0.0"));
            awaitAnswer(http, "/examples/device-manager", "1.0.0");

            dropInto(Distribution.example("device-manager-1.1.0.jar"), managed);
            BundleInfo updated = Await.until("1.1.0 active", DEPLOY_TIMEOUT, () -> active(console, "1.1.0"));
            assertEquals(first.id(), updated.id(), "overwriting the file updates the same bundle in place");
            assertEquals(1, console.bundles(EXAMPLE).size(), "the old version is gone after the update");

            Path second = runtime.deploy().resolve("device-manager-1.0.0.jar");
            dropInto(Distribution.example("device-manager-1.0.0.jar"), second);
            BundleInfo older = Await.until("1.0.0 beside 1.1.0", DEPLOY_TIMEOUT, () -> active(console, "1.0.0"));
            assertNotEquals(updated.id(), older.id());
            assertEquals(List.of("Active", "Active"), console.bundles(EXAMPLE).stream().map(BundleInfo::state).toList());
            awaitAnswer(http, "/examples/device-manager/1.0.0", "1.0.0");
            awaitAnswer(http, "/examples/device-manager/1.1.0", "1.1.0");
            assertEquals("1.1.0", Http.json(http.get("/examples/device-manager")).get("version").asText(),
                    "the newest version answers the unversioned path");

            Files.delete(managed);
            Await.until("1.1.0 uninstalled", DEPLOY_TIMEOUT, () -> console.bundles(EXAMPLE).size() == 1);
            assertEquals("1.0.0", console.bundles(EXAMPLE).get(0).version());
            awaitAnswer(http, "/examples/device-manager", "1.0.0");

            Files.delete(second);
            Await.until("all uninstalled", DEPLOY_TIMEOUT, () -> console.bundles(EXAMPLE).isEmpty());
            Await.until("the example's path is gone", DEPLOY_TIMEOUT, () -> http.get("/examples/device-manager").statusCode() == 404);
            stopCleanly(runtime);
        }
    }

    @Test
    void corruptAndPlainJarsInDeployAreReportedAndDisturbNothing() throws IOException {
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), FreePort.pick(), ENV).awaitReady()) {
            Files.write(runtime.deploy().resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 1, 2, 3});
            Await.until("the corrupt jar is reported", DEPLOY_TIMEOUT,
                    () -> runtime.log().contains("broken.jar was not installed: it cannot be read as a jar"));

            dropInto(Distribution.root().resolve("lib/switchboard-launcher.jar"), runtime.deploy().resolve("plain.jar"));
            Await.until("the plain jar is reported", DEPLOY_TIMEOUT,
                    () -> runtime.log().contains("plain.jar was not installed"));

            dropInto(Distribution.example("device-manager-1.0.0.jar"), runtime.deploy().resolve("device-manager.jar"));
            Console console = new Console(runtime.http(), PASSWORD);
            Await.until("a good bundle still deploys", DEPLOY_TIMEOUT, () -> active(console, "1.0.0"));
            assertEquals(200, runtime.http().get("/health").statusCode());
            stopCleanly(runtime);
        }
    }

    @Test
    void stateSurvivesARestart() throws IOException {
        Path home = work.resolve("home");
        int port = FreePort.pick();
        // The system's temporary folder of this runtime's JVM, to see what its starts and stops leave there.
        Path systemTemp = Files.createDirectories(work.resolve("system-temp"));
        Map<String, String> generatedPassword = Map.of("SWITCHBOARD_FEATURES", "core,webconsole",
                "JAVA_OPTS", "-Djava.io.tmpdir=" + systemTemp);
        String password;
        long bundleId;
        try (RuntimeProcess runtime = RuntimeProcess.start(home, port, generatedPassword).awaitReady()) {
            Path passwordFile = home.resolve("data/admin-password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            password = Files.readString(passwordFile).trim();
            assertTrue(runtime.log().contains("admin password (generated, shown once"), runtime.log());
            assertTrue(runtime.log().contains(password), "the generated password is printed on first start");

            Http http = runtime.http();
            assertEquals(302, http.postForm("/system/console/configMgr/io.switchboard.itest.sample", "admin", password,
                    "apply=true&action=ajaxConfigManager&propertylist=greeting&greeting=hello").statusCode());
            dropInto(Distribution.example("device-manager-1.0.0.jar"), runtime.deploy().resolve("device-manager.jar"));
            bundleId = Await.until("deployed", DEPLOY_TIMEOUT, () -> active(new Console(http, password), "1.0.0")).id();
            stopCleanly(runtime);
        }
        try (RuntimeProcess runtime = RuntimeProcess.start(home, port, generatedPassword).awaitReady()) {
            assertFalse(runtime.log().contains(password), "the stored password is not printed again");
            Console console = new Console(runtime.http(), password);
            BundleInfo again = Await.until("still deployed", DEPLOY_TIMEOUT, () -> active(console, "1.0.0"));
            assertEquals(bundleId, again.id(), "the same bundle, from the kept framework storage");
            String configuration = runtime.http().get("/system/console/configMgr/io.switchboard.itest.sample.json", "admin", password).body();
            assertTrue(configuration.contains("\"value\":\"hello\""), configuration);
            stopCleanly(runtime);
        }
        try (var left = Files.list(systemTemp)) {
            assertEquals(List.of(), left.toList(), "two starts and stops leave nothing in the system's temporary folder");
        }
    }

    @Test
    void aPortInUseFailsStartWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), taken.getLocalPort(), ENV)) {
            assertEquals(3, runtime.awaitExit(Duration.ofSeconds(30)));
            assertTrue(runtime.log().contains("port is already in use"), runtime.log());
        }
    }

    @Test
    void anUnknownFlagPrintsUsage() {
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), FreePort.pick(), ENV, "--bogus")) {
            assertEquals(2, runtime.awaitExit(Duration.ofSeconds(30)));
            assertTrue(runtime.log().contains("unknown option: --bogus"), runtime.log());
            assertTrue(runtime.log().contains("usage: switchboard"), runtime.log());
        }
    }

    /** Waits until the path answers JSON naming this version (the whiteboard publishes servlets asynchronously). */
    private static void awaitAnswer(Http http, String path, String version) {
        Await.until(path + " answers " + version, DEPLOY_TIMEOUT, () -> {
            var response = http.get(path);
            return response.statusCode() == 200 && Http.json(response).get("version").asText().equals(version);
        });
    }

    private static BundleInfo active(Console console, String version) {
        return console.bundles(EXAMPLE).stream()
                .filter(b -> b.version().equals(version) && b.state().equals("Active"))
                .findFirst().orElse(null);
    }

    /** Copies through a temporary name and renames, as an operator's tooling should, so FileInstall never sees half a jar. */
    private static void dropInto(Path source, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
