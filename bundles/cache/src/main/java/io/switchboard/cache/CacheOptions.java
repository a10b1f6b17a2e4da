package io.switchboard.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How a cache is bounded. Immutable; start from {@link #UNBOUNDED} or {@link #bounded(long)}.
 */
public final class CacheOptions {

    /** Unbounded, never expires. */
    public static final CacheOptions UNBOUNDED = new CacheOptions(0, 0, null);

    /** What an entry weighs beyond its key's characters, in {@link #boundedByKeyChars} caches. */
    public static final int ENTRY_WEIGHT = 64;

    private final long maxEntries;
    private final long maxKeyChars;
    private final Duration expireAfterWrite;

    private CacheOptions(long maxEntries, long maxKeyChars, Duration expireAfterWrite) {
        this.maxEntries = maxEntries;
        this.maxKeyChars = maxKeyChars;
        this.expireAfterWrite = expireAfterWrite;
    }

    /** At most {@code maxEntries} entries (0 for no limit); the least useful go first. */
    public static CacheOptions bounded(long maxEntries) {
        return new CacheOptions(maxEntries, 0, null);
    }

    /**
     * Bounded by size rather than count, for a cache keyed by what clients send: each entry weighs
     * its key's length plus {@value #ENTRY_WEIGHT}, and the entries together at most
     * {@code maxKeyChars}, so a few very long keys take the place of many short ones instead of
     * filling the heap. The least useful go first.
     *
     * @since 1.1
     */
    public static CacheOptions boundedByKeyChars(long maxKeyChars) {
        return new CacheOptions(0, maxKeyChars, null);
    }

    /** The most entries kept; 0 for no limit (or a limit by {@link #maxKeyChars}). */
    public long maxEntries() {
        return maxEntries;
    }

    /**
     * The most the entries may weigh together (see {@link #boundedByKeyChars}); 0 for no such limit.
     *
     * @since 1.1
     */
    public long maxKeyChars() {
        return maxKeyChars;
    }

    /** Drop an entry this long after it was written; {@code null} for never. */
    public Duration expireAfterWrite() {
        return expireAfterWrite;
    }

    public CacheOptions withExpireAfterWrite(Duration value) {
        return new CacheOptions(maxEntries, maxKeyChars, value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheOptions o && o.maxEntries == maxEntries && o.maxKeyChars == maxKeyChars
                && Objects.equals(o.expireAfterWrite, expireAfterWrite);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxEntries, maxKeyChars, expireAfterWrite);
    }

    @Override
    public String toString() {
        return "CacheOptions[maxEntries=" + maxEntries + ", maxKeyChars=" + maxKeyChars + ", expireAfterWrite=" + expireAfterWrite + "]";
    }
}
