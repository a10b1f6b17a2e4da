package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.examples.browsernotifier.BrowserNotifier;
import io.switchboard.examples.customernotifier.CustomerNotifier;

/**
 * The kit against the example components, as their developers would test them: deviceManager's two
 * releases deployed from their jars (each in its own class loader, as in the runtime), the notifiers
 * started from the class path.
 */
@ExtendWith(TestMeshExtension.class)
class ExampleComponentsTest {

    private static final Origin ANN = Origin.user("ann", "s-1");

    /** deviceManager as a caller sees it: its own interface, every method returning a promise. */
    public interface DeviceManager {
        Promise<String> version();

        Promise<String> origin();

        Promise<Map<String, Object>> device(String id);
    }

    private static Path example(String property) {
        return Path.of(System.getProperty(property));
    }

    private static <T> T value(Promise<T> promise) throws InterruptedException {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
        }
    }

    private static SwitchboardException failure(Promise<?> promise) throws InterruptedException {
        return assertInstanceOf(SwitchboardException.class, promise.getFailure());
    }

    private static TestMesh bothReleases(TestMesh mesh) {
        assertEquals(List.of("deviceManager@1.0.0"), mesh.deploy(example("examples.deviceManager100")));
        assertEquals(List.of("deviceManager@1.1.0"), mesh.deploy(example("examples.deviceManager110")));
        return mesh;
    }

    @Test
    void aCallGoesToTheHighestVersionInRangeAndARangeNarrowsIt(TestMesh mesh) throws Exception {
        bothReleases(mesh);
        Happn tester = mesh.handle("tester", "1.0.0", "deviceManager ^1.0.0");
        DeviceManager devices = tester.exchange().proxy("deviceManager", DeviceManager.class);
        assertEquals("1.1.0", value(devices.version()));
        assertEquals("1.0.0", value(tester.exchange().call("deviceManager", "version", List.of(), CallOptions.defaults().range("~1.0.0"))));

        DeviceManager legacy = mesh.handle("legacy", "1.0.0", "deviceManager ~1.0.0").exchange().proxy("deviceManager", DeviceManager.class);
        assertEquals("1.0.0", value(legacy.version()), "a declared range narrows every call");

        // each release reads its own catalogue from its own jar
        assertEquals("5.0.3", value(devices.device("camera-1")).get("firmware"));
        assertNull(value(legacy.device("thermostat-1")).get("firmware"));
        assertEquals("devices.unknown-device", failure(legacy.device("camera-1")).code());
    }

    @Test
    void stoppingAReleaseMovesItsCallersToTheOtherThenNoneIsLeft(TestMesh mesh) throws Exception {
        bothReleases(mesh);
        DeviceManager devices = mesh.handle("tester", "1.0.0", "deviceManager ^1.0.0").exchange().proxy("deviceManager", DeviceManager.class);
        mesh.stop("deviceManager", "1.1.0");
        assertEquals("1.0.0", value(devices.version()));
        assertEquals(List.of("deviceManager@1.0.0", "tester@1.0.0"), mesh.running());

        mesh.stop("deviceManager", "1.0.0");
        assertEquals(MeshErrors.NO_MATCHING_VERSION, failure(devices.version()).code());
        assertThrows(IllegalArgumentException.class, () -> mesh.stop("deviceManager", "1.0.0"));
    }

    @Test
    void anAlertReachesOneCustomerNotifierAndEveryBrowserNotifierWithItsOrigin(TestMesh mesh) throws Exception {
        mesh.deploy(example("examples.deviceManager100"));
        CustomerNotifier first = mesh.start(CustomerNotifier.class, "1.0.0");
        CustomerNotifier second = mesh.start(CustomerNotifier.class, "1.0.1");
        BrowserNotifier hall = mesh.start(BrowserNotifier.class, "1.0.0");
        BrowserNotifier lobby = mesh.start(BrowserNotifier.class, "1.1.0");

        value(mesh.call(ANN, "deviceManager", "update", Map.of("deviceId", "thermostat-1", "value", 35.5)));
        value(mesh.call(ANN, "deviceManager", "update", Map.of("deviceId", "thermostat-1", "value", 20.0))); // under: no alert
        mesh.awaitEvents();

        assertEquals(1, first.sent().size() + second.sent().size(), "any: one instance of customerNotifier's group");
        Map<String, Object> sms = (first.sent().isEmpty() ? second : first).sent().get(0);
        assertEquals("alice", sms.get("customer"));
        assertEquals(ANN.toString(), sms.get("origin"), "the caller's origin reaches the event's handlers");
        assertEquals(1, hall.popups().size(), "all: every instance of browserNotifier's group");
        assertEquals(1, lobby.popups().size());
    }

    @Test
    void theCalleeSeesWhoStartedTheChain(TestMesh mesh) throws Exception {
        mesh.deploy(example("examples.deviceManager100"));
        assertEquals("user:ann (session s-1)", value(mesh.call(ANN, "deviceManager", "origin")));
        DeviceManager devices = mesh.handle("tester", "1.0.0", "deviceManager ^1.0.0").exchange().proxy("deviceManager", DeviceManager.class);
        assertEquals("component:tester@1.0.0", value(devices.origin()));
    }

    @Test
    void withoutTheSecurityServiceClientsAreRefusedAndComponentsAreNot(TestMesh mesh) throws Exception {
        mesh.deploy(example("examples.deviceManager100"));
        DeviceManager devices = mesh.handle("tester", "1.0.0", "deviceManager ^1.0.0").exchange().proxy("deviceManager", DeviceManager.class);
        mesh.permissions(null);
        assertEquals("security.unavailable", failure(mesh.call(ANN, "deviceManager", "version")).code());
        assertEquals("1.0.0", value(devices.version()));
    }

    @Test
    void aComponentsOwnErrorReachesTheCallerWithItsCodeAndTheLoggedErrorId(TestMesh mesh) throws Exception {
        mesh.deploy(example("examples.deviceManager100"));
        DeviceManager devices = mesh.handle("tester", "1.0.0", "deviceManager ^1.0.0").exchange().proxy("deviceManager", DeviceManager.class);
        CallFailedException failed = assertInstanceOf(CallFailedException.class, devices.device("nope").getFailure());
        assertEquals("devices.unknown-device", failed.code());
        assertTrue(failed.errorId().matches("e-[0-9a-f]{12}"), failed.errorId());
        assertTrue(failed.getMessage().contains(failed.errorId()), failed.getMessage());
        assertEquals(MeshErrors.METHOD_NOT_FOUND, failure(mesh.call(ANN, "deviceManager", "reboot")).code());
    }

    @Test
    void whatAComponentWritesIsInTheStore(TestMesh mesh) throws Exception {
        mesh.deploy(example("examples.deviceManager100"));
        value(mesh.call(ANN, "deviceManager", "update", Map.of("deviceId", "door-1", "value", 0.25)));
        assertEquals(0.25, mesh.data("/_data/deviceManager/readings/door-1").orElseThrow().get("value"));
        assertEquals(Map.of("deviceId", "door-1", "value", 0.25), value(mesh.call(ANN, "deviceManager", "lastReading", "door-1")));
        assertTrue(mesh.data("/_data/deviceManager/readings/thermostat-1").isEmpty());
    }

    @Test
    void aComponentWhoseDependencyIsMissingIsRefusedWithWhatItWaitsFor(TestMesh mesh) {
        IllegalStateException waiting = assertThrows(IllegalStateException.class, () -> mesh.start(CustomerNotifier.class, "1.0.0"));
        assertTrue(waiting.getMessage().contains("waits for deviceManager ^1.0.0"), waiting.getMessage());
        assertEquals(List.of(), mesh.running());

        mesh.deploy(example("examples.deviceManager100"));
        mesh.start(CustomerNotifier.class, "1.0.0");
        assertThrows(IllegalStateException.class, () -> mesh.start(CustomerNotifier.class, "1.0.0"), "one name and version runs once");
        assertEquals(List.of("customerNotifier@1.0.0", "deviceManager@1.0.0"), mesh.running());
    }

    @Test
    void aJarIsDeployedOnlyWhenItIsABundleThatDeclaresComponents(TestMesh mesh, @org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        Path notAJar = java.nio.file.Files.writeString(folder.resolve("notes.jar"), "not a jar");
        assertThrows(IllegalArgumentException.class, () -> mesh.deploy(notAJar));
        assertThrows(IllegalArgumentException.class, () -> mesh.deploy(folder.resolve("missing.jar")));
        Path plain = folder.resolve("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(plain), new java.util.jar.Manifest())) {
            out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
        }
        IllegalArgumentException notABundle = assertThrows(IllegalArgumentException.class, () -> mesh.deploy(plain));
        assertTrue(notABundle.getMessage().contains("not an OSGi bundle"), notABundle.getMessage());

        mesh.deploy(example("examples.deviceManager100"));
        assertEquals(List.of("customerNotifier@1.0.0"), mesh.deploy(example("examples.customerNotifier")));
    }
}
