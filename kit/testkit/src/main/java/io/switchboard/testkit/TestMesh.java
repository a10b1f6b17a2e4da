package io.switchboard.testkit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.testkit.internal.BundleJar;
import io.switchboard.testkit.internal.KitMesh;

/**
 * A mesh in this JVM for a component's unit tests. It is the runtime's own mesh, not a stand-in: calls
 * are routed by version and range as in a runtime ({@code mesh.no-matching-version} and the other
 * codes included), events reach {@code any} and {@code all} subscribers as in a runtime, a
 * component's data lives in an in-memory store, and the caller's {@link Origin} reaches every
 * callee. What it leaves out is OSGi: components are classes on the test's class path, or bundle
 * jars loaded each in a class loader of its own ({@link #deploy(Path)}).
 *
 * <pre>{@code
 * try (TestMesh mesh = TestMesh.create()) {
 *     FakeDeviceManager devices = mesh.start(FakeDeviceManager.class, "1.0.0");
 *     mesh.start(DeviceReport.class, "1.0.0");
 *     Object report = mesh.call(Origin.user("ann", null), "deviceReport", "report", "thermostat-1").getValue();
 * }
 * }</pre>
 *
 * <p>One node: two instances of a component are two versions of it (a class started twice with two
 * versions, or two releases' jars). Every method is safe to call from any thread. Timeouts are
 * short, for tests: 5 s for a call's answer and an event's acknowledgement, 2 s for a stopping
 * component's drain.
 */
public final class TestMesh implements AutoCloseable {

    /** As in the runtime's insecure development mode: every user may do everything. */
    private static final OriginPermissions ALLOW_ALL = (origin, action, path) -> true;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private final KitMesh mesh = new KitMesh();
    private final Map<String, BundleJar> jars = new ConcurrentHashMap<>();
    private volatile OriginPermissions permissions = ALLOW_ALL;

    private TestMesh() {
        mesh.permissions(() -> permissions);
    }

    /** A new, empty mesh; close it when the test ends ({@link TestMeshExtension} does). */
    public static TestMesh create() {
        return new TestMesh();
    }

    /**
     * Starts a component whose {@code @MeshComponent} declares its version.
     *
     * @see #start(Class, String)
     */
    public <T> T start(Class<T> type) {
        return start(type, null);
    }

    /**
     * Starts a {@code @MeshComponent} class as {@code version} (unless the class declares one: in a
     * runtime the version is the bundle's), and returns the instance the mesh made, for the test to
     * look into. Starting one class twice with two versions gives two instances of the component.
     *
     * @throws IllegalStateException if it does not run now: a required dependency has no instance in
     *         range (start that first), its constructor threw (the log has its stack trace), or this
     *         name and version already run
     * @throws io.switchboard.api.errors.SwitchboardException {@code mesh.invalid-component} when the
     *         class is not a valid component (the message says why), {@code mesh.invalid-version}
     */
    public <T> T start(Class<T> type, String version) {
        return type.cast(mesh.start(type, version));
    }

    /**
     * Deploys a component bundle jar, as dropping it into a runtime's {@code deploy/} does: every
     * component its manifest declares, at the bundle's version. The jar's own packages are loaded
     * from the jar, in a class loader of its own, and the packages it imports from the test's class
     * path; so two releases of one component run side by side, each with its own classes and
     * resources, as in the runtime. The test reaches them through the mesh only (by name).
     *
     * @return the components started, as {@code name@version}
     * @throws IllegalArgumentException if the file is not a bundle that declares components
     * @throws IllegalStateException as {@link #start(Class, String)}
     */
    public List<String> deploy(Path bundleJar) {
        BundleJar jar = BundleJar.open(bundleJar, TestMesh.class.getClassLoader());
        List<String> labels = mesh.deploy(jar);
        labels.forEach(label -> jars.put(label, jar));
        return labels;
    }

    /**
     * Stops a component as removing its bundle does: out of routing at once, then its in-flight
     * calls and events finish (the drain), then {@code close()} if it is {@link AutoCloseable}.
     * Its callers then reach the other versions in their range, or fail with
     * {@code mesh.no-matching-version}.
     *
     * @throws IllegalArgumentException if no such component was started here
     */
    public void stop(String name, String version) {
        String label = name + "@" + version;
        mesh.stop(label);
        BundleJar jar = jars.remove(label);
        if (jar != null && !jars.containsValue(jar)) {
            jar.close();
        }
    }

    /**
     * A handle for the test itself, as a component named {@code name} at {@code version} that
     * declares these dependencies ({@code "deviceManager ^1.0.0"}, or {@code "?auditLog ^1.0.0"} for
     * an optional one): typed proxies and dynamic calls to them, subscriptions to their events
     * ({@code any} groups count this handle as one instance of {@code name}), {@code emit}, and its
     * own data. Its calls carry {@code Origin.component(name, version)}.
     *
     * @throws IllegalStateException if a required dependency has no instance in range
     */
    public Happn handle(String name, String version, String... dependencies) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a component name (a letter, then letters, digits, '_' or '-')");
        }
        return mesh.handle(name, version, Arrays.asList(dependencies));
    }

    /**
     * Calls a component's method as a client does (WebSocket {@code call}, {@code POST /api/exchange}):
     * on behalf of {@code origin}, which the callee sees as {@code happn.origin()}. The result is
     * plain data (maps, lists, strings, numbers, booleans, null), as a client receives it. A failure
     * is a {@link io.switchboard.api.errors.SwitchboardException} with the code a client would get.
     */
    public Promise<Object> call(Origin origin, String component, String method, Object... args) {
        return call(origin, component, method, Arrays.asList(args), CallOptions.defaults());
    }

    /** {@link #call(Origin, String, String, Object...)} with a range, a route, a timeout or {@code lenient}. */
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return mesh.call(origin, component, method, args, options);
    }

    /**
     * What {@code happn.allowed(action, path)} answers for users and anonymous callers, as the
     * runtime's security feature would; by default everything is allowed, as in the insecure
     * development mode. {@code null} is a runtime whose security service is away: clients' calls
     * fail with {@code security.unavailable} and {@code allowed} answers false for them.
     */
    public void permissions(OriginPermissions permissions) {
        this.permissions = permissions;
    }

    /**
     * The document stored at an absolute path, for example
     * {@code /_data/deviceManager/readings/thermostat-1} for what deviceManager wrote at
     * {@code /readings/thermostat-1}.
     */
    public Optional<Map<String, Object>> data(String path) {
        return mesh.data(path);
    }

    /** The components running, as {@code name@version}, sorted. */
    public List<String> running() {
        return mesh.running();
    }

    /**
     * Waits until every event emitted so far has been handled, and the events those handlers
     * emitted in turn: handlers run on the mesh's threads, so a test that made a component emit
     * waits here before it looks at what the subscribers did.
     *
     * @throws AssertionError if handlers are still at work after the acknowledgement timeout (5 s)
     */
    public void awaitEvents() {
        mesh.awaitEvents();
    }

    /** Stops every component (newest first, each drained) and the mesh's threads. */
    @Override
    public void close() {
        mesh.close();
        jars.values().forEach(BundleJar::close);
        jars.clear();
    }
}
