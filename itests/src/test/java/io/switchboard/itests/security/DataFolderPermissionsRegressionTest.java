package io.switchboard.itests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * Issue 11, item 10: what the runtime keeps in data/ (the store with password hashes, the token
 * key, the admin password, the TLS key, the framework's state and configuration) can be read by
 * its own user only, even in a home whose data/ folder was made readable by others.
 */
class DataFolderPermissionsRegressionTest {

    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path work;

    @Test
    void nothingInDataIsReadableByOtherUsers() throws IOException {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("data"));
        Files.setPosixFilePermissions(home.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RuntimeProcess runtime = RuntimeProcess.start(home, FreePort.pick(), RuntimeProcess.testEnv("core,edge,security"),
                "--https-port", Integer.toString(FreePort.pick()), "--tls-self-signed").awaitReady()) {
            Path data = home.resolve("data");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            List<Path> open;
            try (Stream<Path> all = Files.walk(data)) {
                open = all.filter(path -> !java.util.Collections.disjoint(permissions(path), OTHERS)).toList();
            }
            assertTrue(open.isEmpty(), "readable by others: " + open.stream().map(path -> path + " " + mode(path)).toList());
            assertTrue(Files.exists(data.resolve("security/jwt.key")) && Files.exists(data.resolve("tls/self-signed.p12")),
                    "the walk saw the secrets it is about");
            assertEquals(0, runtime.stop(), runtime.log());
        }
    }

    private static Set<PosixFilePermission> permissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String mode(Path path) {
        return PosixFilePermissions.toString(permissions(path));
    }
}
