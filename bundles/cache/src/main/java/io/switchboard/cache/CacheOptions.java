package io.switchboard.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How a cache is bounded. Immutable; start from {@link #UNBOUNDED} or {@link #bounded(long)}.
 */
public final class CacheOptions {

    /** Unbounded, never expires. */
    public static final CacheOptions UNBOUNDED = new CacheOptions(0, null);

    private final long maxEntries;
    private final Duration expireAfterWrite;

    private CacheOptions(long maxEntries, Duration expireAfterWrite) {
        this.maxEntries = maxEntries;
        this.expireAfterWrite = expireAfterWrite;
    }

    /** At most {@code maxEntries} entries (0 for no limit); the least useful go first. */
    public static CacheOptions bounded(long maxEntries) {
        return new CacheOptions(maxEntries, null);
    }

    /** The most entries kept; 0 for no limit. */
    public long maxEntries() {
        return maxEntries;
    }

    /** Drop an entry this long after it was written; {@code null} for never. */
    public Duration expireAfterWrite() {
        return expireAfterWrite;
    }

    public CacheOptions withExpireAfterWrite(Duration value) {
        return new CacheOptions(maxEntries, value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheOptions o && o.maxEntries == maxEntries && Objects.equals(o.expireAfterWrite, expireAfterWrite);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxEntries, expireAfterWrite);
    }

    @Override
    public String toString() {
        return "CacheOptions[maxEntries=" + maxEntries + ", expireAfterWrite=" + expireAfterWrite + "]";
    }
}
