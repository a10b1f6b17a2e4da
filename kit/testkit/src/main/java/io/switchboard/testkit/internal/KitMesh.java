package io.switchboard.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;
import org.semver4j.Semver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.data.Item;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.mesh.internal.exchange.ExchangeMethods;
import io.switchboard.mesh.internal.happn.DeclaredDependency;
import io.switchboard.mesh.internal.lifecycle.ComponentDeclaration;
import io.switchboard.mesh.internal.lifecycle.LocalInstance;
import io.switchboard.mesh.internal.version.Versions;

/**
 * The mesh core as the runtime's mesh bundle runs it, with an in-memory data store, and the
 * components the test started. Everything the kit does to the mesh is here, so that the kit's API
 * names none of the mesh's own types.
 */
public final class KitMesh implements AutoCloseable {

    /** One node, with timeouts short enough for a test; a stopped component is gone (no update in place). */
    private static final MeshSettings SETTINGS = new MeshSettings("test", 5_000, 2_000, 5_000, 10, 3, 2, 0);
    /** Nobody subscribes to the data here: publications go nowhere. */
    private static final EventPublisher NO_SUBSCRIBERS = event -> new EventPublisher.Publishing(Promises.resolved(null),
            Promises.resolved(PublishResults.NONE));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeshCore core = new MeshCore(SETTINGS);
    private final DataServiceImpl data = new DataServiceImpl(1 << 20, NO_SUBSCRIBERS);
    private final Map<String, ComponentDeclaration> started = new ConcurrentHashMap<>();

    public KitMesh() {
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        core.dataService(() -> data);
    }

    public void permissions(Supplier<OriginPermissions> permissions) {
        core.originPermissions(permissions);
    }

    /** Starts a class on the test's class path; returns the component object. */
    public Object start(Class<?> type, String version) {
        ComponentDeclaration declaration = ComponentDeclaration.read(type, version == null ? "" : version, "the test");
        return start(List.of(declaration)).get(0);
    }

    /** Starts every component of a bundle jar together (they may depend on each other); returns their labels. */
    public List<String> deploy(BundleJar jar) {
        List<ComponentDeclaration> declarations = new ArrayList<>();
        try {
            for (Class<?> type : jar.componentClasses()) {
                declarations.add(ComponentDeclaration.read(type, jar.version(), jar.name()));
            }
            start(declarations);
        } catch (RuntimeException e) {
            jar.close();
            throw e;
        }
        return declarations.stream().map(ComponentDeclaration::label).toList();
    }

    /**
     * A component that only holds its handle: the test acts as a component with these dependencies.
     *
     * @param dependencies {@code "name range"}, or {@code "?name range"} for an optional one
     */
    public Happn handle(String name, String version, List<String> dependencies) {
        List<DeclaredDependency> declared = new ArrayList<>();
        for (String dependency : dependencies) {
            boolean optional = dependency.startsWith("?");
            declared.add(DeclaredDependency.parse(optional ? dependency.substring(1) : dependency, optional));
        }
        Semver semver = Versions.parse(version);
        ComponentDeclaration declaration = new ComponentDeclaration(name, semver.getVersion(), semver, HandleHolder.class,
                ExchangeMethods.of(HandleHolder.class, new Class<?>[0]), List.of(), List.copyOf(declared), "the test");
        return ((HandleHolder) start(List.of(declaration)).get(0)).happn;
    }

    /** Offers the components, then checks that each one runs; one that does not is withdrawn again. */
    private List<Object> start(List<ComponentDeclaration> declarations) {
        List<ComponentDeclaration> offered = new ArrayList<>();
        for (ComponentDeclaration declaration : declarations) {
            if (started.containsKey(declaration.label()) || !core.launcher().offer(declaration)) {
                offered.forEach(core.launcher()::withdraw);
                throw new IllegalStateException(declaration.label() + " is already running in this mesh");
            }
            offered.add(declaration);
        }
        List<Object> targets = new ArrayList<>();
        for (ComponentDeclaration declaration : declarations) {
            LocalInstance instance = core.launcher().instance(declaration);
            if (instance == null) {
                String why = notRunning(declaration);
                offered.forEach(core.launcher()::withdraw);
                throw new IllegalStateException(why);
            }
            targets.add(instance.target());
        }
        declarations.forEach(declaration -> started.put(declaration.label(), declaration));
        return targets;
    }

    private String notRunning(ComponentDeclaration declaration) {
        for (ComponentDescription description : core.describe()) {
            if (description.name().equals(declaration.name()) && description.version().equals(declaration.version())
                    && !description.waitingFor().isEmpty()) {
                return declaration.label() + " waits for " + String.join(", ", description.waitingFor())
                        + ": start or deploy what it depends on first";
            }
        }
        return declaration.label() + " did not start: its constructor failed (the log above has the stack trace)";
    }

    public void stop(String label) {
        ComponentDeclaration declaration = started.remove(label);
        if (declaration == null) {
            throw new IllegalArgumentException("no component " + label + " was started in this mesh; running: " + running());
        }
        core.launcher().withdraw(declaration);
    }

    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return core.call(origin, component, method, args, options);
    }

    public Optional<Map<String, Object>> data(String path) {
        try {
            Optional<Item> item = data.get(path).getValue();
            return item.map(found -> JSON.convertValue(found.data(), new TypeReference<Map<String, Object>>() { }));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }

    public List<String> running() {
        TreeSet<String> running = new TreeSet<>();
        core.describe().stream().filter(description -> description.state().equals("running"))
                .forEach(description -> running.add(description.name() + "@" + description.version()));
        return List.copyOf(running);
    }

    public void awaitEvents() {
        long timeout = SETTINGS.ackTimeoutMillis();
        try {
            if (!core.awaitHandlersIdle(timeout)) {
                throw new AssertionError("event handlers were still at work after " + timeout + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for event handlers", e);
        }
    }

    @Override
    public void close() {
        started.clear();
        core.close();
    }
}
