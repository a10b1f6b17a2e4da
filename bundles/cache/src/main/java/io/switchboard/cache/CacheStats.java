package io.switchboard.cache;

/**
 * A cache's counters, for stats and the console.
 *
 * @param hits lookups that found a value
 * @param misses lookups that did not
 * @param evictions entries dropped to stay within the size limit or because they expired
 * @param size about how many entries the cache held when the counters were read (since 1.2)
 */
public record CacheStats(long hits, long misses, long evictions, long size) {

    /** Counters without the size (0), as before 1.2. */
    public CacheStats(long hits, long misses, long evictions) {
        this(hits, misses, evictions, 0);
    }
}
