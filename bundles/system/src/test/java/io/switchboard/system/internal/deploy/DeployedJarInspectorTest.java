package io.switchboard.system.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedJarInspectorTest {

    @TempDir
    Path dir;

    private Path jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }

    @Test
    void aBundleJarHasNoProblem() throws IOException {
        assertEquals(Optional.empty(), DeployedJarInspector.problemWith(jar("ok.jar", "com.example.ok").toFile()));
    }

    @Test
    void aPlainJarIsNamedAsNotABundle() throws IOException {
        String reason = DeployedJarInspector.problemWith(jar("lib.jar", null).toFile()).orElseThrow();
        assertTrue(reason.contains("no Bundle-SymbolicName"), reason);
    }

    @Test
    void aCorruptFileIsNamedAsUnreadable() throws IOException {
        Path file = dir.resolve("broken.jar");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        String reason = DeployedJarInspector.problemWith(file.toFile()).orElseThrow();
        assertTrue(reason.contains("cannot be read as a jar"), reason);
    }
}
