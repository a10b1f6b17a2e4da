package io.switchboard.data.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;

import io.switchboard.data.internal.mvstore.Durability;
import io.switchboard.data.internal.mvstore.MVStoreProvider;

/** Every query behaviour, on the persistent provider. */
class PersistentFindTest extends FindTest {

    private Path dir;

    @Override
    protected Fixture fixture() {
        try {
            dir = Files.createTempDirectory("mvstore-find");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Fixture(1024 * 1024, new MVStoreProvider(dir.resolve("data.mv.db").toFile(), Durability.COMMIT, 1000, 0));
    }

    @AfterEach
    void closeStore() throws IOException {
        ((MVStoreProvider) f.provider).close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
