package io.switchboard.system.internal.deploy;

import java.io.File;
import java.io.IOException;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Tells whether a jar dropped into {@code deploy/} can be installed as a bundle, and if not, why,
 * in words an operator can act on.
 */
final class DeployedJarInspector {

    private DeployedJarInspector() {
    }

    /** Empty when the file is a bundle jar; otherwise the reason it is not. */
    static Optional<String> problemWith(File file) {
        try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return Optional.of("it is a jar without a manifest, so not an OSGi bundle");
            }
            Attributes main = manifest.getMainAttributes();
            if (main.getValue("Bundle-SymbolicName") == null) {
                return Optional.of("its manifest has no Bundle-SymbolicName, so it is a plain jar, not an OSGi bundle");
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("it cannot be read as a jar (" + e.getMessage() + "); is it corrupt or still being copied?");
        }
    }
}
