package io.switchboard.itests.cluster.behaviour;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.mesh.suite.MeshFixture;

/**
 * Bundles for the behaviour suites on real runtimes, with the manifest bnd would write: a suite
 * component ({@code Echo}, {@code Relay} …) at a version, and a handle, a component with the name,
 * version and dependencies a test asks for, whose class is generated and compiled here (a
 * component's name and dependencies are its annotation's) and passes its methods on to
 * {@link ClusterBehaviourDriver}. Each bundle carries its own copy of the suite's classes (the
 * mesh's test-jar, package {@code io.switchboard.mesh.suite}): as on separate nodes, caller and
 * callee never share a class.
 */
final class ClusterBehaviourJars {

    private static final String SUITE = MeshFixture.class.getPackageName().replace('.', '/') + "/";
    private static final String IMPORTS = "io.switchboard.api.errors,io.switchboard.api.mesh,org.osgi.util.function,org.osgi.util.promise";
    private static final String DRIVER_IMPORTS = ",com.fasterxml.jackson.core,com.fasterxml.jackson.core.type,com.fasterxml.jackson.databind,"
            + "com.fasterxml.jackson.databind.type";
    private static final String OPERATOR_IMPORTS = "org.osgi.framework,jakarta.servlet,jakarta.servlet.http,io.switchboard.mesh,"
            + "io.switchboard.api.mesh,com.fasterxml.jackson.core,com.fasterxml.jackson.databind";

    private final Path folder;
    private final Map<String, byte[]> suiteClasses;
    /** Bundles already built, by what they hold: a test deploys the same ones again, and a handle costs a compilation. */
    private final Map<String, Path> built = new java.util.HashMap<>();

    ClusterBehaviourJars(Path folder) {
        this.folder = folder;
        this.suiteClasses = classesUnder(location(MeshFixture.class), SUITE);
    }

    /** A suite component at a version (its annotation's, when it declares one). */
    synchronized Path component(Class<?> type, String version) {
        return built.computeIfAbsent(type.getName() + " " + version, key -> buildComponent(type, version));
    }

    /** Another bundle with the same component at the same version: a second claim on its name and version. */
    synchronized Path claimant(Class<?> type, String version) {
        return built.computeIfAbsent("claimant " + type.getName() + " " + version, key -> buildComponent(type, version));
    }

    private Path buildComponent(Class<?> type, String version) {
        MeshComponent declared = type.getAnnotation(MeshComponent.class);
        String name = declared == null ? type.getSimpleName() : declared.name();
        String bundleVersion = declared != null && !declared.version().isEmpty() ? declared.version() : version;
        String label = "suite-" + name + "-" + bundleVersion + "-" + (built.size() + 1);
        return write(folder.resolve(label + ".jar"), label, bundleVersion, name, type.getName(), IMPORTS, suiteClasses);
    }

    /** A handle: a component that only passes the test's requests on to its {@link ClusterBehaviourDriver}. */
    synchronized Path handle(String name, String version, List<String> dependencies) {
        return built.computeIfAbsent("handle " + name + " " + version + " " + dependencies, key -> buildHandle(name, version, dependencies));
    }

    private Path buildHandle(String name, String version, List<String> dependencies) {
        int number = built.size() + 1;
        String label = "suite-handle-" + name + "-" + version + "-" + number;
        String className = "suite.handle.Handle" + number;
        Map<String, byte[]> classes = new LinkedHashMap<>(suiteClasses);
        classes.putAll(compile(className, source(className, name, version, dependencies)));
        // the driver and its nested types
        classes.putAll(classesUnder(location(ClusterBehaviourDriver.class), ClusterBehaviourDriver.class.getName().replace('.', '/')));
        return write(folder.resolve(label + ".jar"), label, version, name, className, IMPORTS + DRIVER_IMPORTS, classes);
    }

    /**
     * The operator's bundle, deployed once on each node: not a component (so no description lists
     * it), it serves what an operator reads of the node's mesh ({@link ClusterBehaviourOperator}).
     */
    synchronized Path operator() {
        return built.computeIfAbsent("operator", key -> {
            String entry = ClusterBehaviourOperator.class.getName().replace('.', '/');
            Map<String, byte[]> classes = classesUnder(location(ClusterBehaviourOperator.class), entry);
            Manifest manifest = manifest("io.switchboard.itests.suite.operator", "1.0.0", OPERATOR_IMPORTS);
            manifest.getMainAttributes().putValue("Bundle-Activator", ClusterBehaviourOperator.class.getName());
            return write(folder.resolve("suite-operator.jar"), manifest, classes);
        });
    }

    private static String source(String className, String name, String version, List<String> dependencies) {
        String required = dependencies.stream().filter(d -> !d.startsWith("?")).map(ClusterBehaviourJars::quoted)
                .collect(Collectors.joining(", "));
        String optional = dependencies.stream().filter(d -> d.startsWith("?")).map(d -> quoted(d.substring(1)))
                .collect(Collectors.joining(", "));
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String driver = ClusterBehaviourDriver.class.getName();
        return "package " + className.substring(0, className.lastIndexOf('.')) + ";\n"
                + "import java.util.List;\nimport java.util.Map;\nimport org.osgi.util.promise.Promise;\n"
                + "@io.switchboard.api.mesh.MeshComponent(name = " + quoted(name) + ", version = " + quoted(version)
                + ", dependencies = {" + required + "}, optionalDependencies = {" + optional + "})\n"
                + "public final class " + simple + " {\n"
                + "  private final " + driver + " driver;\n"
                + "  public " + simple + "(io.switchboard.api.mesh.Happn happn) { driver = new " + driver + "(happn, "
                + simple + ".class.getClassLoader()); }\n"
                + "  public Promise<Map<String, Object>> call(String c, String m, List<Object> a, Map<String, Object> o) { return driver.call(c, m, a, o); }\n"
                + "  public Promise<Map<String, Object>> callAll(String c, String m, List<Object> a) { return driver.callAll(c, m, a); }\n"
                + "  public Map<String, Object> proxy(String c, String api, Map<String, Object> o) { return driver.proxy(c, api, o); }\n"
                + "  public Promise<Map<String, Object>> proxyCall(String c, String api, String m, List<Object> a, Map<String, Object> o) {"
                + " return driver.proxyCall(c, api, m, a, o); }\n"
                + "  public Map<String, Object> watchSticky(String c) { return driver.watchSticky(c); }\n"
                + "  public List<List<String>> stickyMoved() { return driver.stickyMoved(); }\n"
                + "  public Map<String, Object> subscribe(String c, String p, Map<String, Object> o, String h, String cb) {"
                + " return driver.subscribe(c, p, o, h, cb); }\n"
                + "  public Map<String, Object> off(String h) { return driver.off(h); }\n"
                + "  public Map<String, Object> act(String turn, String op, List<Object> a) { return driver.act(turn, op, a); }\n"
                + "  public Promise<Map<String, Object>> outcome(String ticket) { return driver.outcome(ticket); }\n"
                + "}\n";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Map<String, byte[]> compile(String className, String source) {
        try {
            Path work = Files.createTempDirectory(folder, "handle-");
            Path file = work.resolve("src").resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            Path out = Files.createDirectories(work.resolve("classes"));
            String classpath = Stream.of(Happn.class, Promise.class, org.osgi.util.function.Function.class, ClusterBehaviourDriver.class)
                    .map(ClusterBehaviourJars::location).map(Path::toString).distinct().collect(Collectors.joining(java.io.File.pathSeparator));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter errors = new StringWriter();
            int status = javac.run(null, null, new java.io.PrintStream(OutputStream.nullOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) {
                    errors.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
                }
            }, "--release", "17", "-proc:none", "-cp", classpath, "-d", out.toString(), file.toString());
            if (status != 0) {
                throw new AssertionError("the handle " + className + " did not compile:\n" + errors + "\n" + source);
            }
            return classesUnder(out, "suite/handle/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path jar, String symbolicName, String version, String component, String className, String imports,
            Map<String, byte[]> classes) {
        Manifest manifest = manifest("io.switchboard.itests." + symbolicName.replaceAll("[^A-Za-z0-9.]", "."), version, imports);
        Attributes main = manifest.getMainAttributes();
        main.putValue("Provide-Capability", "io.switchboard.mesh.component;name=\"" + component + "\";class=\"" + className + "\"");
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=io.switchboard.mesh)\"");
        return write(jar, manifest, classes);
    }

    private static Manifest manifest(String symbolicName, String version, String imports) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", imports);
        return manifest;
    }

    private static Path write(Path jar, Manifest manifest, Map<String, byte[]> classes) {
        try {
            Files.createDirectories(jar.getParent());
            Path temporary = jar.resolveSibling(jar.getFileName() + ".part");
            try (OutputStream file = Files.newOutputStream(temporary); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                    out.putNextEntry(new JarEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
            // renamed into place, so that a deploy/ folder never sees half a jar
            return Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class files under a path prefix, in a folder of classes or a jar. */
    private static Map<String, byte[]> classesUnder(Path location, String prefix) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(location)) {
                List<Path> files = new ArrayList<>();
                Path start = location.resolve(prefix.endsWith("/") ? prefix : prefix.substring(0, prefix.lastIndexOf('/') + 1));
                try (Stream<Path> walk = Files.walk(start)) {
                    walk.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
                }
                for (Path file : files) {
                    String entry = location.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    if (entry.startsWith(prefix)) {
                        classes.put(entry, Files.readAllBytes(file));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                        if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                classes.put(entry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes under " + prefix + " in " + location);
        }
        return classes;
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
