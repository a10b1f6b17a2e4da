package io.switchboard.security.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with the JDK's PBKDF2 (HMAC-SHA-256), a random salt per password and a high
 * iteration count, stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so that the count can
 * be raised later without invalidating stored hashes.
 */
final class PasswordHasher {

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    PasswordHasher(int iterations) {
        if (iterations < 1_000) {
            throw new IllegalArgumentException("too few PBKDF2 iterations: " + iterations);
        }
        this.iterations = iterations;
    }

    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(derive(password, salt, iterations));
    }

    /** Whether the password matches the stored hash; compares in constant time. A malformed hash matches nothing. */
    boolean matches(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int count = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, count));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A hash to compare against when the user does not exist, so that both cases take the same time:
     * checking a password against it costs one full derivation, like a real one. Its parts are
     * random, so nothing matches it, and making it costs no derivation at start-up.
     */
    String decoy() {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BITS / 8];
        random.nextBytes(salt);
        random.nextBytes(hash);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(chars, salt, iterations, HASH_BITS)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

}
