package io.switchboard.cache;

import java.util.Optional;
import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/** A named cache with string keys. Thread-safe. */
@ProviderType
public interface Cache<V> {

    String name();

    Optional<V> get(String key);

    /** The cached value, or the loader's value, computed at most once at a time per key and then cached. */
    V get(String key, Function<String, ? extends V> loader);

    void put(String key, V value);

    void remove(String key);

    void clear();

    /** About how many entries are cached now. */
    long size();

    /** Hits, misses and evictions since the cache was created. */
    CacheStats stats();
}
