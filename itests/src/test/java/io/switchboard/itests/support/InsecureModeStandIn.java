package io.switchboard.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.switchboard.itests.support.insecure.PermitAllOrigins;

/**
 * Stands in for the insecure development mode's permit-all {@code OriginPermissions} until the
 * runtime ships its own (bundles/insecure, issue 11 item 2): the mesh refuses clients'
 * calls with {@code security.unavailable} when no such service runs, so a runtime started
 * without the {@code security} feature gets this bundle in its deploy/ (and a test framework
 * without it the service, through {@link #register}). Remove it, and its uses in
 * {@link RuntimeProcess}, MeshFeatureTest and MeshLeakTest, once bundles/insecure is in the features.
 */
public final class InsecureModeStandIn {

    static final String FILE = "itest-insecure-origin-permissions.jar";

    private InsecureModeStandIn() {
    }

    /** Puts the bundle into {@code home}'s deploy/ when the features given do not include security. */
    static void deployUnlessSecure(Path home, String features) {
        if (features == null || java.util.Arrays.stream(features.split(",")).map(String::trim).anyMatch("security"::equals)) {
            return;
        }
        try {
            Path deploy = Files.createDirectories(home.resolve("deploy"));
            write(deploy.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a test framework (Pax Exam) without security: registers the permit-all service in it. */
    public static org.osgi.framework.ServiceRegistration<?> register(org.osgi.framework.BundleContext context) {
        if (context.getServiceReference(io.switchboard.api.mesh.OriginPermissions.class) != null) {
            return null; // one is there already (an earlier test of the class, or bundles/insecure)
        }
        return context.registerService(io.switchboard.api.mesh.OriginPermissions.class, new PermitAllOrigins(), null);
    }

    private static void write(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.switchboard.itests.insecure-origin-permissions");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", PermitAllOrigins.class.getName());
        main.putValue("Import-Package", "io.switchboard.api.mesh;version=\"[1.1,2)\",org.osgi.framework");
        String entry = PermitAllOrigins.class.getName().replace('.', '/') + ".class";
        Path partial = jar.resolveSibling(jar.getFileName() + ".part");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), manifest);
                InputStream code = PermitAllOrigins.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            code.transferTo(out);
            out.closeEntry();
        }
        Files.move(partial, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
