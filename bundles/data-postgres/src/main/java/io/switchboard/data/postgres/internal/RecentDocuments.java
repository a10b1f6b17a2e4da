package io.switchboard.data.postgres.internal;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.switchboard.data.spi.StoredItem;

/**
 * The documents this provider wrote or read last, as a guess of what is stored now, so that a write
 * to a path it knows costs one round trip (the guarded write) instead of two (read, then write).
 * Never an answer to a read: another node may have changed the document since, and then the guarded
 * write (same version as guessed) changes nothing and the update reads the row as usual. Bounded by
 * the documents' JSON size, since they are kept whole.
 */
final class RecentDocuments {

    private record Recent(StoredItem item, int weight) {
    }

    /** How long a path counts as contended after a write to it lost a race. */
    private static final Duration CONTENDED = Duration.ofSeconds(1);

    private final Cache<String, Recent> recent;
    private final Cache<String, Boolean> contended;

    RecentDocuments(long maxChars) {
        this.recent = Caffeine.newBuilder()
                .maximumWeight(maxChars)
                .weigher((String path, Recent known) -> known.weight())
                .executor(Runnable::run) // eviction on the writer's thread: no pool thread for a hint
                .build();
        this.contended = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(CONTENDED)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Notes that a write to the path lost a race: for a moment, writes to it take the row's lock at
     * once instead of guessing and retrying, which under contention only adds wasted round trips.
     */
    void lostRace(String path) {
        contended.put(path, Boolean.TRUE);
        recent.invalidate(path);
    }

    /** Whether a write to the path lost a race within the last second. */
    boolean contended(String path) {
        return contended.getIfPresent(path) != null;
    }

    /** The last document seen at the path, or {@code null}; possibly out of date. */
    StoredItem guess(String path) {
        Recent known = recent.getIfPresent(path);
        return known == null ? null : known.item();
    }

    /** Remembers what was just written or read; {@code jsonChars} is the size of its data as JSON text. */
    void remember(StoredItem item, int jsonChars) {
        recent.put(item.path(), new Recent(item, jsonChars + item.path().length()));
    }

    void forget(String path) {
        recent.invalidate(path);
    }
}
