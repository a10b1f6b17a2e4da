package io.switchboard.itests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The assembled distribution under test (runtime/target/switchboard), as the build produced it. */
public final class Distribution {

    private Distribution() {
    }

    public static Path root() {
        String configured = System.getProperty("switchboard.distribution");
        Path root = configured != null ? Path.of(configured) : Path.of("../runtime/target/switchboard");
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("lib/switchboard-launcher.jar"))) {
            throw new IllegalStateException("no distribution at " + root + ": build the runtime module first (mvn install)");
        }
        return root;
    }

    public static Path system() {
        return root().resolve("system");
    }

    public static Path featureFile(String name) {
        return system().resolve("features").resolve(name + ".json");
    }

    /** A release kept in examples/ for the rolling upgrade (device-manager-1.0.0.jar, device-manager-1.1.0.jar). */
    public static Path example(String fileName) {
        return root().resolve("examples").resolve(fileName);
    }

    /** A component a fresh distribution has in deploy/ (device-manager-1.0.0.jar, customer-notifier-1.0.0.jar, browser-notifier-1.0.0.jar). */
    public static Path deployed(String fileName) {
        return root().resolve("deploy").resolve(fileName);
    }

    /**
     * Copies the distribution as the build left it (without data/, which only a run writes), so a
     * test can run it in place and change its deploy/ without touching the build's.
     */
    public static Path copyTo(Path target) {
        Path root = root();
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = root.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return target;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every jar a fresh distribution has in deploy/. */
    public static java.util.List<Path> deployedJars() {
        try (java.util.stream.Stream<Path> files = Files.list(root().resolve("deploy"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
