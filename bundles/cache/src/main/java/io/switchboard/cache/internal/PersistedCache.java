package io.switchboard.cache.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheService;
import io.switchboard.cache.CacheStats;
import io.switchboard.data.DataService;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.path.Paths;

/**
 * A memory cache in front of the data store: writes go to both (the store's copy is what survives a
 * restart), a miss reads the store. Entries are stored as {@code {"value": v}} so that any JSON
 * value comes back as it went in. Store calls wait for their promise: with the memory and MVStore
 * providers it is already resolved.
 */
final class PersistedCache implements Cache<JsonNode> {

    static final String ROOT = "/_SYSTEM/_CACHE/";
    private static final WriteOptions QUIET = WriteOptions.DEFAULTS.withNoPublish(true);

    private final MemoryCache<JsonNode> memory;
    private final DataService data;
    private final String folder;

    PersistedCache(MemoryCache<JsonNode> memory, DataService data) {
        this.memory = memory;
        this.data = data;
        this.folder = ROOT + memory.name();
    }

    @Override
    public String name() {
        return memory.name();
    }

    @Override
    public Optional<JsonNode> get(String key) {
        Optional<JsonNode> cached = memory.get(key);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<JsonNode> stored = stored(key);
        stored.ifPresent(value -> memory.put(key, value));
        return stored;
    }

    @Override
    public JsonNode get(String key, Function<String, ? extends JsonNode> loader) {
        return memory.get(key, k -> {
            Optional<JsonNode> stored = stored(k);
            if (stored.isPresent()) {
                return stored.get();
            }
            JsonNode loaded = loader.apply(k);
            if (loaded != null) {
                await(data.set(path(k), wrap(loaded), QUIET));
            }
            return loaded;
        });
    }

    @Override
    public void put(String key, JsonNode value) {
        await(data.set(path(key), wrap(value), QUIET));
        memory.put(key, value);
    }

    @Override
    public void remove(String key) {
        await(data.remove(path(key), QUIET));
        memory.remove(key);
    }

    @Override
    public void clear() {
        await(data.remove(folder + "/*", QUIET));
        memory.clear();
    }

    @Override
    public long size() {
        return memory.size();
    }

    @Override
    public CacheStats stats() {
        return memory.stats();
    }

    /** The stored value of a key, unwrapped. */
    private Optional<JsonNode> stored(String key) {
        return await(data.get(path(key))).map(item -> item.data().get("value"));
    }

    private String path(String key) {
        return segmentPath("key", key, folder + "/");
    }

    /**
     * The store path of a cache name or key, {@code parent + segment}: the segment must be a single,
     * wildcard-free path segment.
     *
     * @throws SwitchboardException {@link CacheService#INVALID_NAME} otherwise
     */
    static String segmentPath(String what, String segment, String parent) {
        if (segment == null || segment.indexOf('/') >= 0 || segment.indexOf('*') >= 0) {
            throw new SwitchboardException(CacheService.INVALID_NAME, "a persisted cache " + what + " must be one path segment, was: " + segment);
        }
        try {
            return Paths.requireWritable(parent + segment);
        } catch (SwitchboardException e) {
            throw new SwitchboardException(CacheService.INVALID_NAME, "unusable persisted cache " + what + " '" + segment + "': " + e.getMessage(), e);
        }
    }

    private static ObjectNode wrap(JsonNode value) {
        return JsonNodeFactory.instance.objectNode().set("value", value);
    }

    private static <T> T await(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the data store", e);
        }
    }
}
