package io.switchboard.cache;

/**
 * A cache's counters, for stats and the console.
 *
 * @param hits lookups that found a value
 * @param misses lookups that did not
 * @param evictions entries dropped to stay within the size limit or because they expired
 */
public record CacheStats(long hits, long misses, long evictions) {
}
