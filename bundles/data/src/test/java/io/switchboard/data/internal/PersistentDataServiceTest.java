package io.switchboard.data.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;

import io.switchboard.data.internal.mvstore.Durability;
import io.switchboard.data.internal.mvstore.MVStoreProvider;
import io.switchboard.data.spi.DataProvider;

/** Every data service behaviour, on the persistent provider. */
class PersistentDataServiceTest extends DataServiceTest {

    private Path dir;

    @Override
    protected Fixture fixture() {
        return new Fixture(1024 * 1024, open());
    }

    private DataProvider open() {
        try {
            dir = Files.createTempDirectory("mvstore-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MVStoreProvider(dir.resolve("data.mv.db").toFile(), Durability.COMMIT, 1000, 0);
    }

    @AfterEach
    void closeStore() throws IOException {
        ((MVStoreProvider) f.provider).close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
