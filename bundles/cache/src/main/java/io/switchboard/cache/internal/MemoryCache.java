package io.switchboard.cache.internal;

import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheOptions;
import io.switchboard.cache.CacheStats;

/** A cache held by Caffeine (W-TinyLFU eviction when bounded). */
final class MemoryCache<V> implements Cache<V> {

    private final String name;
    private final com.github.benmanes.caffeine.cache.Cache<String, V> entries;

    MemoryCache(String name, CacheOptions options) {
        this.name = name;
        Caffeine<Object, Object> builder = Caffeine.newBuilder().recordStats();
        if (options.maxEntries() > 0) {
            builder.maximumSize(options.maxEntries());
        } else if (options.maxKeyChars() > 0) {
            builder.maximumWeight(options.maxKeyChars())
                    .weigher((Object key, Object value) -> ((String) key).length() + CacheOptions.ENTRY_WEIGHT);
        }
        if (options.expireAfterWrite() != null) {
            builder.expireAfterWrite(options.expireAfterWrite());
        }
        this.entries = builder.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<V> get(String key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    @Override
    public V get(String key, Function<String, ? extends V> loader) {
        return entries.get(key, loader);
    }

    @Override
    public void put(String key, V value) {
        entries.put(key, value);
    }

    @Override
    public void remove(String key) {
        entries.invalidate(key);
    }

    @Override
    public void clear() {
        entries.invalidateAll();
    }

    @Override
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    @Override
    public CacheStats stats() {
        long size = size(); // first: it runs pending evictions, so that they are in the counts
        com.github.benmanes.caffeine.cache.stats.CacheStats s = entries.stats();
        return new CacheStats(s.hitCount(), s.missCount(), s.evictionCount(), size);
    }
}
