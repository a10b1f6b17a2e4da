package io.switchboard.cache;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Creates and finds named caches. Registered as an OSGi service.
 *
 * <p>A name stands for one cache: asking again for a name returns the cache made first (its options
 * are not changed). Use distinct names for distinct value types. Memory and persisted caches share
 * one set of names: asking for a name as the other kind than the one it was made as throws a
 * {@link io.switchboard.api.errors.SwitchboardException} with {@link #INVALID_NAME}.
 */
@ProviderType
public interface CacheService {

    /**
     * Error code: a cache name or persisted key is not usable (blank, not a valid path segment for a
     * persisted cache, or already taken by a cache of the other kind).
     */
    String INVALID_NAME = "cache.invalid-name";
    /** Error code: cache options out of range. */
    String INVALID_OPTION = "cache.invalid-option";
    /** Error code: a persisted cache was asked for while the data service is not running. */
    String NO_DATA_SERVICE = "cache.no-data-service";

    /** An in-memory cache, bounded or not. */
    <V> Cache<V> memory(String name, CacheOptions options);

    /**
     * A cache whose entries are also written to the data store under {@code /_SYSTEM/_CACHE/<name>/<key>}
     * (so they survive a restart with the persistent provider) and read from it on a miss. Names and
     * keys must be valid path segments.
     */
    Cache<JsonNode> persisted(String name, CacheOptions options);

    /** The names of the caches made so far. */
    List<String> names();

    /**
     * Every cache's counters and size now, by name in name order: read-only (unlike asking for a cache
     * by name, it never creates one), for stats and the console.
     *
     * @since 1.2
     */
    Map<String, CacheStats> stats();

    /** Drops a cache (and, for a persisted one, nothing on disk). */
    void drop(String name);
}
