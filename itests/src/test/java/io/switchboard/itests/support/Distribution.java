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

    public static Path example(String fileName) {
        return root().resolve("examples").resolve(fileName);
    }
}
