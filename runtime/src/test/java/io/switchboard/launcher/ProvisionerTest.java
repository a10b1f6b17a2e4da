package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/** The launcher's provisioning against a real (embedded) Felix, across "restarts" that keep storage. */
class ProvisionerTest {

    @TempDir
    Path repo;
    @TempDir
    Path storage;

    private Framework framework;

    @BeforeEach
    void boot() throws Exception {
        framework = newFramework();
    }

    @AfterEach
    void shutdown() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private Framework newFramework() throws Exception {
        Framework created = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString()));
        created.init();
        return created;
    }

    private void restart() throws Exception {
        shutdown();
        framework = newFramework();
    }

    private void bundleJar(String artifactId, String version, long mtimeMillis) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "com.example." + artifactId);
        main.putValue(Constants.BUNDLE_VERSION, version);
        Path jar = new FeatureBundle("com.example:" + artifactId + ":1", 0).pathIn(repo);
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            ignored.flush();
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(mtimeMillis));
    }

    private static Feature feature(String... artifactIds) {
        return new Feature("test", java.util.Arrays.stream(artifactIds).map(a -> new FeatureBundle("com.example:" + a + ":1", 7)).toList(), Map.of());
    }

    private Bundle installed(String artifactId) {
        return framework.getBundleContext().getBundle("switchboard:com.example:" + artifactId + ":1");
    }

    @Test
    void installsEachBundleOnceAtItsStartLevelMarkedToStart() throws Exception {
        long past = System.currentTimeMillis() - 60_000;
        bundleJar("a", "1.0.0", past);
        List<String> changes = new Provisioner(framework.getBundleContext(), repo).apply(List.of(feature("a"), feature("a")));
        assertEquals(List.of("installed com.example:a:1"), changes);
        BundleStartLevel level = installed("a").adapt(BundleStartLevel.class);
        assertEquals(7, level.getStartLevel());
        assertTrue(level.isPersistentlyStarted());
    }

    @Test
    void aWarmStartChangesNothingThatDidNotChange() throws Exception {
        bundleJar("a", "1.0.0", System.currentTimeMillis() - 60_000);
        new Provisioner(framework.getBundleContext(), repo).apply(List.of(feature("a")));
        long id = installed("a").getBundleId();
        restart();
        assertEquals(List.of(), new Provisioner(framework.getBundleContext(), repo).apply(List.of(feature("a"))));
        assertEquals(id, installed("a").getBundleId(), "the framework storage kept the bundle");
    }

    @Test
    void aRebuiltJarIsUpdatedInPlaceAndADroppedOneUninstalled() throws Exception {
        bundleJar("a", "1.0.0", System.currentTimeMillis() - 60_000);
        bundleJar("b", "1.0.0", System.currentTimeMillis() - 60_000);
        new Provisioner(framework.getBundleContext(), repo).apply(List.of(feature("a", "b")));
        long id = installed("a").getBundleId();
        restart();

        bundleJar("a", "1.0.1", System.currentTimeMillis() + 60_000);
        List<String> changes = new Provisioner(framework.getBundleContext(), repo).apply(List.of(feature("a")));
        assertEquals(List.of("updated com.example:a:1", "uninstalled com.example:b:1"), changes);
        assertEquals(id, installed("a").getBundleId());
        assertEquals("1.0.1", installed("a").getVersion().toString());
        assertNull(installed("b"));
    }

    @Test
    void aMissingJarIsNamed() {
        IOException e = assertThrows(IOException.class,
                () -> new Provisioner(framework.getBundleContext(), repo).apply(List.of(feature("ghost"))));
        assertTrue(e.getMessage().contains("com.example:ghost:1"), e.getMessage());
    }
}
