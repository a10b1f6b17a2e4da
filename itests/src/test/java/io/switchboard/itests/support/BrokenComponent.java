package io.switchboard.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A component bundle whose class cannot be loaded: its manifest declares component
 * {@value #NAME} 1.0.0 with a class the jar does not hold, as a bundle built against a class that
 * was then left out would. It resolves and starts; the mesh cannot make its component.
 */
public final class BrokenComponent {

    public static final String NAME = "brokenManager";

    private BrokenComponent() {
    }

    /** Writes the jar (copy it into deploy/ under a temporary name and rename it, as FileInstall wants). */
    public static Path write(Path target) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.switchboard.itests.broken-manager");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Provide-Capability", "io.switchboard.mesh.component;class=\"io.switchboard.itests.broken.Missing\";name=" + NAME);
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=io.switchboard.mesh)\"");
        Files.createDirectories(target.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            out.flush();
        }
        return target;
    }

    /** Drops the jar into a deploy/ folder the way an operator should: written elsewhere, then moved in. */
    public static Path deploy(Path deploy, Path scratch) throws IOException {
        Path written = write(scratch.resolve("broken-manager-1.0.0.jar"));
        return Files.move(written, deploy.resolve("broken-manager-1.0.0.jar"));
    }
}
