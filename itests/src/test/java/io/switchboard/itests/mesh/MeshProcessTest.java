package io.switchboard.itests.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.mesh.MeshHttp.Answer;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * The mesh in the real distribution, driven as an operator would: components dropped into deploy/,
 * a rolling upgrade of deviceManager under a steady load of HTTP calls, and a clean stop.
 */
class MeshProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> ENV = RuntimeProcess.testEnv("core");

    @TempDir
    Path work;

    private static List<String> running(MeshHttp http) {
        List<String> running = new ArrayList<>();
        for (JsonNode component : http.description().body().path("components")) {
            if (component.path("state").asText().equals("running")) {
                running.add(component.path("name").asText() + "@" + component.path("version").asText());
            }
        }
        return running;
    }

    private static void drop(Path jar, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void deployedComponentsWaitForTheirDependencyThenPassAlertsAlong() throws IOException {
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), port, ENV).awaitReady()) {
            MeshHttp http = new MeshHttp(port);
            drop(Distribution.deployed("customer-notifier-1.0.0.jar"), runtime.deploy().resolve("customer-notifier.jar"));
            Await.until("customerNotifier waits for deviceManager", WAIT, () -> http.description().body().toString()
                    .contains("\"waitingFor\":[\"deviceManager ^1.0.0\"]"));

            drop(Distribution.example("device-manager-1.0.0.jar"), runtime.deploy().resolve("device-manager-1.0.0.jar"));
            Await.until("both run", WAIT, () -> running(http).containsAll(List.of("deviceManager@1.0.0", "customerNotifier@1.0.0")));
            assertEquals(200, http.call("deviceManager", "update", null, Map.of("deviceId", "door-1", "value", 1.0)).status());
            JsonNode sent = Await.until("the customer is told", WAIT, () -> {
                JsonNode now = http.call("customerNotifier", "sent", null).body();
                return now.size() == 1 ? now : null;
            });
            assertEquals("bob", sent.get(0).path("customer").asText());

            // Bad input: another bundle claims deviceManager@1.0.0. One error line names both files.
            Path fork = runtime.deploy().resolve("acme-device-manager.jar");
            drop(renamed(Distribution.example("device-manager-1.0.0.jar"), "com.acme.device-manager", work.resolve("fork.jar")), fork);
            String claim = Await.until("the second claim is refused", WAIT, () -> runtime.log().lines()
                    .filter(line -> line.contains("two components claim deviceManager@1.0.0")).findFirst().orElse(null));
            assertTrue(claim.contains("deploy/device-manager-1.0.0.jar runs") && claim.contains("deploy/acme-device-manager.jar is not started"),
                    claim);
            assertEquals("1.0.0", http.call("deviceManager", "version", null).body().asText());
            Files.delete(fork);

            Files.delete(runtime.deploy().resolve("device-manager-1.0.0.jar"));
            Await.until("deviceManager is gone", WAIT, () -> !running(http).contains("deviceManager@1.0.0"));
            Answer none = http.call("deviceManager", "version", null);
            assertEquals(404, none.status());
            assertEquals("mesh.no-matching-version", none.code());
            assertTrue(running(http).contains("customerNotifier@1.0.0"), "the dependent keeps running (documented policy)");
            assertEquals(0, runtime.stop(), runtime.log());
            assertFalse(RuntimeProcess.STACK_FRAME.matcher(runtime.log()).find(), runtime.log());
        }
    }

    /**
     * A fresh distribution, run in place as it ships (its own folder is the home): the examples the
     * build put in deploy/ start and work together; one deleted while the runtime runs, and one
     * deleted while it is stopped, are gone and stay gone, because nothing puts them back.
     */
    @Test
    void aFreshDistributionRunsTheExamplesInDeployAndForgetsTheOnesDeleted() throws IOException {
        Path distribution = Distribution.copyTo(work.resolve("switchboard"));
        Path deploy = distribution.resolve("deploy");
        Map<String, String> env = Map.of("SWITCHBOARD_ADMIN_PASSWORD", "itest-secret"); // the default features, security on
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.startInPlace(distribution, port, env).awaitReady()) {
            MeshHttp http = MeshHttp.loggedIn(port, "admin", "itest-secret");
            Await.until("the three examples run", WAIT, () -> running(http).containsAll(
                    List.of("deviceManager@1.0.0", "customerNotifier@1.0.0", "browserNotifier@1.0.0")));
            assertEquals(200, http.call("deviceManager", "update", null, Map.of("deviceId", "thermostat-1", "value", 42)).status());
            Await.until("the customer is told", WAIT, () -> http.call("customerNotifier", "sent", null).body().size() == 1);

            Files.delete(deploy.resolve("browser-notifier-1.0.0.jar"));
            Await.until("browserNotifier is gone", WAIT, () -> !running(http).contains("browserNotifier@1.0.0"));
            assertEquals(0, runtime.stop(), runtime.log());
        }
        Files.delete(deploy.resolve("customer-notifier-1.0.0.jar"));
        try (RuntimeProcess runtime = RuntimeProcess.startInPlace(distribution, port, env).awaitReady()) {
            MeshHttp http = MeshHttp.loggedIn(port, "admin", "itest-secret");
            Await.until("deviceManager runs again", WAIT, () -> running(http).contains("deviceManager@1.0.0"));
            Await.until("only deviceManager runs", WAIT, () -> running(http).equals(List.of("deviceManager@1.0.0")));
            try (var files = Files.list(deploy)) {
                assertEquals(List.of("device-manager-1.0.0.jar"), files.map(f -> f.getFileName().toString()).toList(),
                        "a warm start puts nothing back in deploy/");
            }
            assertEquals(0, runtime.stop(), runtime.log());
            assertFalse(RuntimeProcess.STACK_FRAME.matcher(runtime.log()).find(), runtime.log());
        }
    }

    /** The same bundle, under another symbolic name: a second bundle that claims the same component and version. */
    private static Path renamed(Path jar, String symbolicName, Path target) throws IOException {
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(Files.newInputStream(jar))) {
            java.util.jar.Manifest manifest = new java.util.jar.Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (java.util.jar.JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    /**
     * The issue's load test, scaled to what one test machine drives over HTTP: callers keep calling
     * deviceManager while 1.0.0 and 1.1.0 replace each other through deploy/ twenty times.
     */
    @Test
    void twentyRollingUpgradesUnderLoadFailNoCall() throws Exception {
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), port, ENV).awaitReady()) {
            MeshHttp http = new MeshHttp(port);
            Path older = runtime.deploy().resolve("device-manager-1.0.0.jar");
            Path newer = runtime.deploy().resolve("device-manager-1.1.0.jar");
            drop(Distribution.example("device-manager-1.0.0.jar"), older);
            Await.until("1.0.0 runs", WAIT, () -> running(http).contains("deviceManager@1.0.0"));

            AtomicBoolean calling = new AtomicBoolean(true);
            AtomicInteger calls = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<Thread> callers = new ArrayList<>();
            // -Dmesh.load.callers=N to drive harder; 4 keep the test quick on a small machine
            for (int t = 0; t < Integer.getInteger("mesh.load.callers", 4); t++) {
                MeshHttp own = new MeshHttp(port);
                Thread caller = new Thread(() -> {
                    while (calling.get()) {
                        long start = System.nanoTime();
                        Answer answer = own.call("deviceManager", "device", null, "thermostat-1");
                        latencies.add(System.nanoTime() - start);
                        if (answer.status() != 200) {
                            failures.add(answer.status() + " " + answer.body());
                        }
                        calls.incrementAndGet();
                    }
                });
                caller.start();
                callers.add(caller);
            }
            long started = System.nanoTime();
            try {
                for (int swap = 1; swap <= 20; swap++) {
                    boolean toNewer = swap % 2 == 1;
                    Path add = toNewer ? newer : older;
                    Path remove = toNewer ? older : newer;
                    String adding = toNewer ? "deviceManager@1.1.0" : "deviceManager@1.0.0";
                    String removing = toNewer ? "deviceManager@1.0.0" : "deviceManager@1.1.0";
                    drop(Distribution.example(toNewer ? "device-manager-1.1.0.jar" : "device-manager-1.0.0.jar"), add);
                    Await.until(adding + " runs (swap " + swap + ")", WAIT, () -> running(http).contains(adding));
                    Files.delete(remove);
                    Await.until(removing + " is gone (swap " + swap + ")", WAIT, () -> !running(http).contains(removing));
                }
            } finally {
                calling.set(false);
                for (Thread caller : callers) {
                    caller.join();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("mesh rolling upgrade: %d calls in %.1f s (%.0f/s), p50 %.2f ms, p99 %.2f ms, failures %d%n",
                    calls.get(), seconds, calls.get() / seconds, sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get((int) (sorted.size() * 0.99)) / 1e6, failures.size());
            assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), "no call failed in 20 swaps of " + calls.get());
            assertEquals(0, runtime.stop(), runtime.log());
        }
    }
}
