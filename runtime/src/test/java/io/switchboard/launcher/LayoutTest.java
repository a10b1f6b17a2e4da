package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {

    @TempDir
    Path work;

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aNewHomesDataFolderIsOwnerOnly() throws IOException {
        Layout layout = new Layout(work.resolve("dist"), work.resolve("home"));
        layout.prepareHome();
        assertEquals("rwx------", mode(layout.data()));
    }

    @Test
    void aDataFolderOthersCouldReadIsClosedAtStart() throws IOException {
        Layout layout = new Layout(work.resolve("dist"), work.resolve("home"));
        Files.createDirectories(layout.data(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(layout.data(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(layout.data().resolve("switchboard.mv.db"), "hashes");
        layout.prepareHome();
        assertEquals("rwx------", mode(layout.data()));
        assertEquals("hashes", Files.readString(layout.data().resolve("switchboard.mv.db")), "what is inside stays");
    }
}
