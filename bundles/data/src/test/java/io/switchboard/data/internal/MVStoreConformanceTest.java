package io.switchboard.data.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;

import io.switchboard.data.internal.mvstore.Durability;
import io.switchboard.data.internal.mvstore.MVStoreProvider;
import io.switchboard.data.spi.DataProvider;

/** The conformance suite on the persistent MVStore provider, each test in a new store file. */
class MVStoreConformanceTest extends ProviderConformance {

    private final Map<DataProvider, Path> folders = new IdentityHashMap<>();

    @Override
    protected DataProvider newProvider() {
        try {
            Path dir = Files.createTempDirectory("mvstore-conformance");
            MVStoreProvider provider = new MVStoreProvider(dir.resolve("data.mv.db").toFile(), Durability.COMMIT, 1000, 0);
            folders.put(provider, dir);
            return provider;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected void release(DataProvider provider) throws IOException {
        ((MVStoreProvider) provider).close();
        try (var files = Files.walk(folders.remove(provider))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
