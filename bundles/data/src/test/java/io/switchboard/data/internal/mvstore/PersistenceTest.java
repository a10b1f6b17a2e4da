package io.switchboard.data.internal.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.spi.StoredItem;

class PersistenceTest {

    @TempDir
    Path dir;

    private static StoredItem item(String path, ObjectNode data, long version) {
        return new StoredItem(path, data, 1000, 2000 + version, "writer", version);
    }

    @Test
    void theStoreFileAndTheFolderMadeForItAreTheOwnersOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("data").resolve("owner.mv.db");
        MVStoreProvider store = new MVStoreProvider(file.toFile(), Durability.COMMIT, 1000, 0);
        store.update("/p/1", current -> item("/p/1", JsonNodeFactory.instance.objectNode(), 1), true);
        store.close();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file.getParent())));

        // a file an earlier version made readable by others is narrowed when it is opened again
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        new MVStoreProvider(file.toFile(), Durability.COMMIT, 1000, 0).close();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)));
    }

    @Test
    void documentsAndMetaSurviveAReopen() {
        File file = dir.resolve("reopen.mv.db").toFile();
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("a", 1).put("s", "text");
        MVStoreProvider store = new MVStoreProvider(file, Durability.COMMIT, 1000, 0);
        store.update("/p/1", current -> item("/p/1", data, 7), true);
        store.close();

        MVStoreProvider reopened = new MVStoreProvider(file, Durability.COMMIT, 1000, 0);
        try {
            assertEquals(item("/p/1", data, 7), reopened.get("/p/1"));
        } finally {
            reopened.close();
        }
    }

    @Test
    void backgroundCommitsReachTheDiskWithoutAnExplicitDurableWrite() {
        File file = dir.resolve("background.mv.db").toFile();
        MVStoreProvider store = new MVStoreProvider(file, Durability.BACKGROUND, 1000, 0);
        store.update("/b", current -> item("/b", JsonNodeFactory.instance.objectNode(), 1), true);
        store.close(); // closing commits what the background thread had not yet
        MVStoreProvider reopened = new MVStoreProvider(file, Durability.BACKGROUND, 1000, 0);
        try {
            assertEquals(1, reopened.get("/b").version());
        } finally {
            reopened.close();
        }
    }

    /** Overwriting the same documents again and again must not make the file grow without bound. */
    @Test
    void compactionKeepsTheFileNearTheSizeOfTheLiveData() {
        File file = dir.resolve("compact.mv.db").toFile();
        MVStoreProvider store = new MVStoreProvider(file, Durability.COMMIT, 1000, 5_000);
        String pad = "y".repeat(1000);
        long live = 200L * 1100; // 200 documents of about 1.1 KB
        long largest = 0;
        try {
            for (int round = 0; round < 100; round++) {
                for (int i = 0; i < 200; i++) {
                    int version = round * 1000 + i;
                    ObjectNode data = JsonNodeFactory.instance.objectNode().put("pad", pad).put("round", round);
                    UnaryOperator<StoredItem> change = current -> item("/c/" + version % 200, data, version);
                    store.update("/c/" + i, change, true);
                }
                largest = Math.max(largest, store.fileSize());
            }
            // 20,000 durable overwrites wrote about 100 times the live data; space must have been reused
            assertTrue(largest < 8 * live, "the file grew to " + largest + " bytes for " + live + " bytes of live data");
            store.compact();
            assertTrue(store.fileSize() < 8 * live, "after compaction the file is " + store.fileSize() + " bytes");
        } finally {
            store.close();
        }
        assertTrue(file.length() < 8 * live, "after closing the file is " + file.length() + " bytes");
    }
}
