package io.switchboard.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.switchboard.api.mesh.MeshComponent;

/**
 * A component bundle jar, read as the runtime reads it: its symbolic name and version, the
 * component classes its manifest declares ({@code Provide-Capability: io.switchboard.mesh.component;
 * class=...}, which bnd writes from {@code @MeshComponent}), loaded in a class loader of its own.
 */
public final class BundleJar implements AutoCloseable {

    private final String name;
    private final String version;
    private final List<String> componentClasses;
    private final BundleClassLoader loader;

    private BundleJar(String name, String version, List<String> componentClasses, BundleClassLoader loader) {
        this.name = name;
        this.version = version;
        this.componentClasses = componentClasses;
        this.loader = loader;
    }

    /** @throws IllegalArgumentException when the file cannot be read, is not a bundle, or declares no component */
    public static BundleJar open(Path file, ClassLoader parent) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read as a jar: " + e.getMessage(), e);
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null) {
            throw new IllegalArgumentException(file + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        String bundleName = ManifestClauses.parse(symbolicName).get(0).names().get(0);
        List<String> classes = new ArrayList<>();
        for (ManifestClauses.Clause clause : ManifestClauses.parse(main.getValue("Provide-Capability"))) {
            if (clause.names().contains(MeshComponent.NAMESPACE) && clause.parameters().containsKey("class")) {
                classes.add(clause.parameters().get("class"));
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(file + " (" + bundleName + ") declares no component: no class carries @MeshComponent");
        }
        Set<String> imported = new HashSet<>();
        ManifestClauses.parse(main.getValue("Import-Package")).forEach(clause -> imported.addAll(clause.names()));
        try {
            BundleClassLoader loader = new BundleClassLoader(bundleName, file.toUri().toURL(), parent, imported);
            return new BundleJar(bundleName, semanticVersion(main.getValue("Bundle-Version")), List.copyOf(classes), loader);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** major.minor.micro of an OSGi version; a missing part is 0 and the qualifier is not part of it, as in the runtime. */
    private static String semanticVersion(String bundleVersion) {
        String[] parts = (bundleVersion == null || bundleVersion.isBlank() ? "0.0.0" : bundleVersion.trim()).split("\\.");
        StringBuilder version = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            version.append(i > 0 ? "." : "").append(i < parts.length ? parts[i] : "0");
        }
        return version.toString();
    }

    /** The bundle's symbolic name and file, for log lines: who offered a component. */
    public String name() {
        return name + " " + version;
    }

    /** The bundle's version as a semantic version: the components' version unless they declare their own. */
    public String version() {
        return version;
    }

    /** @throws IllegalArgumentException when a declared class is not in the jar */
    public List<Class<?>> componentClasses() {
        List<Class<?>> types = new ArrayList<>();
        for (String className : componentClasses) {
            try {
                types.add(loader.loadClass(className));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException(name + " declares component class " + className + ", which cannot be loaded: " + e, e);
            }
        }
        return types;
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
