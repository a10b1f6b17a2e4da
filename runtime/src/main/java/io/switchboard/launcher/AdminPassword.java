package io.switchboard.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The bootstrap admin password: there is never a well-known one.
 *
 * <p>{@code SWITCHBOARD_ADMIN_PASSWORD} wins when set. Otherwise a random password is generated on
 * first start and kept in {@code data/admin-password}, readable by its owner only; it is printed
 * once, when it is generated, and read back on later starts.
 *
 * @param value     the password
 * @param generated whether it was generated just now (and so must be shown to the operator)
 * @param source    where it came from, for the operator: the variable's name or the file
 */
record AdminPassword(String value, boolean generated, String source) {

    static final String ENV = "SWITCHBOARD_ADMIN_PASSWORD";
    static final String FILE_NAME = "admin-password";

    static AdminPassword resolve(Map<String, String> env, Path dataDir) throws IOException {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new AdminPassword(fromEnv, false, ENV);
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (stored.isEmpty()) {
                throw new IOException(file + " is empty: delete it to have a new admin password generated");
            }
            return new AdminPassword(stored, false, file.toString());
        }
        String password = generate();
        writeOwnerOnly(file, password);
        return new AdminPassword(password, true, file.toString());
    }

    private static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Creates the file with owner-only permissions from the start, so it is never readable by others. */
    private static void writeOwnerOnly(Path file, String password) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system; rely on the folder's permissions
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while the launcher was creating it; is another runtime using this home?", e);
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    }
}
