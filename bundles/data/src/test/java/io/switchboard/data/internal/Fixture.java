package io.switchboard.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.internal.mvstore.Durability;
import io.switchboard.data.internal.mvstore.MVStoreProvider;
import io.switchboard.data.spi.DataProvider;

/** A data service over one provider (in memory unless made {@link #persistent}), and helpers to read test values. */
final class Fixture {

    static final ObjectMapper JSON = new ObjectMapper();

    final RecordingPublisher publisher = new RecordingPublisher();
    final DataServiceImpl data;
    final DataProvider provider;
    private Path storeDir; // set for a persistent fixture

    Fixture() {
        this(1024 * 1024);
    }

    Fixture(long maxSize) {
        this(maxSize, new MemoryProvider());
    }

    Fixture(long maxSize, DataProvider provider) {
        this.provider = provider;
        data = new DataServiceImpl(maxSize, publisher);
        data.addProvider(provider, Map.of(DataProvider.PATTERNS, "/**"));
    }

    /** A fixture over an MVStore provider in a new temporary folder; {@link #deleteStore} removes both. */
    static Fixture persistent(String prefix) {
        Path dir;
        try {
            dir = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Fixture fixture = new Fixture(1024 * 1024, new MVStoreProvider(dir.resolve("data.mv.db").toFile(), Durability.COMMIT, 1000, 0));
        fixture.storeDir = dir;
        return fixture;
    }

    /** Closes the persistent provider and deletes the folder of its file. */
    void deleteStore() throws IOException {
        ((MVStoreProvider) provider).close();
        try (var files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static <T> T value(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw new AssertionError("promise failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts that the promise failed with a SwitchboardException with this code, and returns it. */
    static SwitchboardException failure(Promise<?> promise, String code) {
        try {
            Throwable failure = promise.getFailure();
            if (!(failure instanceof SwitchboardException e)) {
                return fail("expected failure " + code + " but got " + failure);
            }
            assertEquals(code, e.code(), e.getMessage());
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
