package io.switchboard.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where things are on disk.
 *
 * <p>The <em>distribution</em> is what the build produced and is never written to at run time
 * when a separate home is used: {@code lib/} (this launcher), {@code system/} (the features' bundles
 * in Maven's layout, and the feature files) and the default {@code etc/}. The <em>home</em> holds
 * what an operator owns: {@code etc/} (configuration), {@code deploy/} (hot deploy) and
 * {@code data/} (state). By default the home is the distribution itself.
 */
record Layout(Path distribution, Path home) {

    Path system() {
        return distribution.resolve("system");
    }

    Path featureFiles() {
        return system().resolve("features");
    }

    Path defaultEtc() {
        return distribution.resolve("etc");
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    Path data() {
        return home.resolve("data");
    }

    Path frameworkStorage() {
        return data().resolve("framework");
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /**
     * Creates the folder, or takes away what group and others may do in it if it exists: {@code data/}
     * holds password hashes, the token key, TLS keys and the framework's configuration, and with the
     * folder closed nothing in it can be read by another user, whatever mode a bundle creates its
     * files with. (The launch script also sets umask 077, so what the runtime writes is owner-only
     * itself.) A file system without POSIX permissions relies on the folder's place.
     */
    static void ownerOnlyFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        try {
            if (!Files.getPosixFilePermissions(folder).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(folder, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    /** The distribution folder: the parent of the {@code lib/} folder this launcher's jar sits in. */
    static Path findDistribution() {
        String override = System.getProperty("switchboard.distribution");
        if (override != null) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the launcher is installed", e);
        }
    }

    /**
     * Makes the home usable: creates {@code etc/}, {@code deploy/} and {@code data/}, and copies any
     * default configuration file the home does not have yet. Files already in the home are the
     * operator's and are never overwritten. {@code data/} is made owner-only on every start (see
     * {@link #ownerOnlyFolder}).
     */
    void prepareHome() throws IOException {
        Files.createDirectories(etc());
        Files.createDirectories(deploy());
        ownerOnlyFolder(data());
        if (Files.isDirectory(defaultEtc()) && !Files.isSameFile(defaultEtc(), etc())) {
            try (Stream<Path> defaults = Files.list(defaultEtc())) {
                defaults.filter(Files::isRegularFile).forEach(file -> {
                    Path target = etc().resolve(file.getFileName());
                    if (!Files.exists(target)) {
                        try {
                            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
