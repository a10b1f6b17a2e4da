package io.switchboard.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The admin password as the Felix web console's own login takes it when it is hashed
 * ({@code {sha-256}<salt>-<iterations>-<base64 digest>}, its {@code Password} format): the
 * console's fallback login never sees the password itself, and neither does any bundle that reads
 * the framework property {@code felix.webconsole.password}. Salted and iterated SHA-256, the
 * strongest the console checks; the console checks it on every request, hence not more
 * iterations.
 */
final class WebConsolePassword {

    static final int ITERATIONS = 10_000;

    private WebConsolePassword() {
    }

    static String hash(String password) {
        byte[] saltBytes = new byte[8];
        new SecureRandom().nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        return "{sha-256}" + salt + "-" + ITERATIONS + "-" + Base64.getEncoder().encodeToString(digest(salt + password, ITERATIONS));
    }

    /** Whether a password matches such a hash (for tests, the console's own check). */
    static boolean matches(String password, String hashed) {
        String[] parts = hashed.substring("{sha-256}".length()).split("-", 3);
        return MessageDigest.isEqual(Base64.getDecoder().decode(parts[2]), digest(parts[0] + password, Integer.parseInt(parts[1])));
    }

    private static byte[] digest(String text, int iterations) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] value = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                sha.reset();
                value = sha.digest(value);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
