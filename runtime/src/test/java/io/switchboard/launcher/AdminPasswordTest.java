package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordTest {

    @TempDir
    Path data;

    @Test
    void theEnvironmentWinsAndNothingIsWritten() throws IOException {
        AdminPassword password = AdminPassword.resolve(Map.of("SWITCHBOARD_ADMIN_PASSWORD", "s3cret"), data);
        assertEquals("s3cret", password.value());
        assertFalse(password.generated());
        assertFalse(Files.exists(data.resolve("admin-password")));
    }

    @Test
    void aGeneratedPasswordIsKeptOwnerOnlyAndReusedWithoutBeingShownAgain() throws IOException {
        AdminPassword first = AdminPassword.resolve(Map.of(), data);
        assertTrue(first.generated());
        assertTrue(first.value().length() >= 20, "long enough to resist guessing");
        Path file = data.resolve("admin-password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        AdminPassword second = AdminPassword.resolve(Map.of(), data);
        assertEquals(first.value(), second.value());
        assertFalse(second.generated());
    }

    @Test
    void twoHomesGetDifferentPasswords(@TempDir Path other) throws IOException {
        assertNotEquals(AdminPassword.resolve(Map.of(), data).value(), AdminPassword.resolve(Map.of(), other).value());
    }

    @Test
    void anEmptyStoredPasswordIsRefusedRatherThanAccepted() throws IOException {
        Files.writeString(data.resolve("admin-password"), "\n");
        IOException e = assertThrows(IOException.class, () -> AdminPassword.resolve(Map.of(), data));
        assertTrue(e.getMessage().contains("is empty"));
    }
}
