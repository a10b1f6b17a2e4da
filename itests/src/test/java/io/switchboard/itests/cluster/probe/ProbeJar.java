package io.switchboard.itests.cluster.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds the probe components into bundles from this package's compiled classes, with the manifest
 * bnd would write for them, so that tests and bench/cluster.sh can deploy them:
 * {@code probe-target-<version>.jar} ({@link ProbeTarget}, its version the bundle's) and
 * {@code probe-caller-1.0.0.jar} ({@link ProbeCaller}).
 *
 * <pre>java -cp itests/target/test-classes io.switchboard.itests.cluster.probe.ProbeJar OUT_DIR [TARGET_VERSION...]</pre>
 */
public final class ProbeJar {

    private static final String PACKAGE = ProbeJar.class.getPackageName().replace('.', '/');

    private ProbeJar() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        List<String> versions = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("1.0.0");
        versions.forEach(version -> System.out.println(target(out, version)));
        System.out.println(caller(out));
        System.out.println(emitter(out));
        System.out.println(listener(out));
    }

    /** probeTarget at a version. */
    public static Path target(Path folder, String version) {
        return build(folder.resolve("probe-target-" + version + ".jar"), "io.switchboard.itests.probe-target", version, "probeTarget",
                ProbeTarget.class);
    }

    /** probeEmitter 1.0.0 (the cluster event tests). */
    public static Path emitter(Path folder) {
        return build(folder.resolve("probe-emitter-1.0.0.jar"), "io.switchboard.itests.probe-emitter", "1.0.0", "probeEmitter",
                ProbeEmitter.class);
    }

    /** probeListener 1.0.0 (the cluster event tests). */
    public static Path listener(Path folder) {
        return listener(folder, "1.0.0");
    }

    /** probeListener at a version (the rolling upgrade test). */
    public static Path listener(Path folder, String version) {
        return build(folder.resolve("probe-listener-" + version + ".jar"), "io.switchboard.itests.probe-listener", version, "probeListener",
                ProbeListener.class);
    }

    /** probeCaller 1.0.0. */
    public static Path caller(Path folder) {
        return build(folder.resolve("probe-caller-1.0.0.jar"), "io.switchboard.itests.probe-caller", "1.0.0", "probeCaller",
                ProbeCaller.class);
    }

    private static Path build(Path jar, String symbolicName, String version, String component, Class<?> type) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", "io.switchboard.api.errors,io.switchboard.api.mesh,org.osgi.framework,org.osgi.util.function,org.osgi.util.promise");
        main.putValue("Provide-Capability", "io.switchboard.mesh.component;name=\"" + component + "\";class=\"" + type.getName() + "\"");
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=io.switchboard.mesh)\"");
        try {
            Files.createDirectories(jar.getParent());
            Path classes = Path.of(ProbeJar.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(PACKAGE);
            Path temporary = jar.resolveSibling(jar.getFileName() + ".part");
            try (OutputStream file = Files.newOutputStream(temporary); JarOutputStream out = new JarOutputStream(file, manifest);
                    Stream<Path> files = Files.list(classes)) {
                for (Path classFile : files.filter(p -> p.getFileName().toString().startsWith(type.getSimpleName())).sorted().toList()) {
                    out.putNextEntry(new JarEntry(PACKAGE + "/" + classFile.getFileName()));
                    Files.copy(classFile, out);
                    out.closeEntry();
                }
            }
            // renamed into place, so a deploy/ folder never sees half a jar
            return Files.move(temporary, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
