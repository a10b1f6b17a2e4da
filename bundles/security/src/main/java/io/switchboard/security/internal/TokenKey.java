package io.switchboard.security.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.WriteOptions;

/**
 * Where the token signing key (256 random bits) comes from. A runtime with its own store keeps it,
 * owner-only, in {@code data/security/jwt.key}, as always. Runtimes that share a store (a cluster
 * on PostgreSQL) keep it in the store, at {@value #PATH}, so that a token one node signed is good
 * on every node: the first runtime to start on that store makes it (the key of its
 * {@code jwt.key} file if it has one, so that the tokens it issued before keep working), and every
 * other runtime reads it.
 *
 * <p>Two runtimes starting at once on an empty store must not make two keys: each first raises the
 * counter {@code claims} of the key's document with the store's atomic increment, and only the one
 * that raised it to 1 writes the key; the others wait for it (bounded). The key is never published
 * to subscribers, and lives in the reserved tree, which clients cannot reach.
 */
final class TokenKey {

    static final String PATH = Directory.ROOT + "/token-key";
    private static final Logger LOG = LoggerFactory.getLogger(TokenKey.class);
    private static final int KEY_BYTES = 32;
    private static final long POLL_MILLIS = 100;
    private static final WriteOptions QUIET = WriteOptions.DEFAULTS.withNoPublish(true);

    private TokenKey() {
    }

    /** This runtime's own key, in its file (made on first start). */
    static byte[] fromFile(Path keyFile) throws IOException {
        if (Files.exists(keyFile)) {
            byte[] key = Files.readAllBytes(keyFile);
            if (key.length < KEY_BYTES) {
                throw new IOException(keyFile + " is shorter than 256 bits; delete it to have a new key made (all tokens then end)");
            }
            return key;
        }
        Files.createDirectories(keyFile.getParent());
        byte[] key = random();
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(keyFile, key);
        return key;
    }

    /**
     * The key of the runtimes sharing this store, made (from {@code keyFile} when it exists) by the
     * first of them.
     *
     * @param wait how long to wait, at most, for another runtime that is making it
     */
    static byte[] shared(DataService data, Path keyFile, Duration wait) throws IOException {
        Optional<byte[]> stored = read(data);
        if (stored.isPresent()) {
            return stored.get();
        }
        long claims = Directory.await(data.increment(PATH, "claims", 1, QUIET)).item().map(item -> item.data().path("claims").asLong())
                .orElse(0L);
        if (claims == 1) {
            boolean migrated = Files.exists(keyFile);
            byte[] key = migrated ? fromFile(keyFile) : random();
            Directory.await(data.set(PATH, JsonNodeFactory.instance.objectNode().put("key", Base64.getEncoder().encodeToString(key)),
                    QUIET.withMerge(true)));
            LOG.info(migrated ? "the token key of " + keyFile + " is now the shared store's: every runtime on the store signs with it"
                    + " (the file is no longer used)" : "made the token key in the shared store: every runtime on the store signs with it");
            return key;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS); // another runtime is writing the key into the store, which has no way to tell us
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the shared token key");
            }
            stored = read(data);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        throw new IOException("another runtime on the shared store began making the token key and did not finish within "
                + wait.toSeconds() + " s; if it died meanwhile, remove " + PATH + " from the store and start again");
    }

    private static Optional<byte[]> read(DataService data) throws IOException {
        Optional<Item> item = Directory.await(data.get(PATH));
        String text = item.map(found -> found.data().path("key").asText(null)).orElse(null);
        if (text == null) {
            return Optional.empty();
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length < KEY_BYTES) {
            throw new IOException("the token key at " + PATH + " in the shared store is not a key of 256 bits or more");
        }
        return Optional.of(key);
    }

    private static byte[] random() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
