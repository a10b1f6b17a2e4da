package io.switchboard.security.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheOptions;
import io.switchboard.cache.CacheService;

/**
 * When each token with an inactivity limit was last used, and whether it went unused too long (it
 * then stays unusable). Alone, a runtime counts the uses it sees. On a shared store the uses of
 * every node count: each node writes a token's last use to the store ({@link SharedUses}) at most
 * once per {@linkplain #granularityMillis granularity}, an eighth of the token's limit (at least a
 * second), so a request costs no store write; and a node that would expire a token, or sees it for
 * the first time, first reads the last use every node recorded. A stored use is at most one
 * granularity older than the real one, so the store's figure is taken as that much later: a token
 * used on any node within its limit lives on every node, and one unused everywhere stops working
 * everywhere at most one granularity after its limit.
 */
final class TokenActivity {

    /** The last uses recorded by every node on the shared store. */
    interface SharedUses {

        /** A runtime alone: no other node's uses count. */
        SharedUses NONE = new SharedUses() {
            @Override
            public void record(String tokenId, long usedMillis, long expiresMillis) {
            }

            @Override
            public OptionalLong lastRecorded(String tokenId) {
                return OptionalLong.of(-1);
            }
        };

        /** Records this node's last use of a token (in the background: the caller does not wait for the store). */
        void record(String tokenId, long usedMillis, long expiresMillis);

        /** The latest use any node recorded, -1 when none did; empty when the store cannot be read now. */
        OptionalLong lastRecorded(String tokenId);
    }

    /** A token's limit, its last use known here, when this node last recorded a use, and whether it died here. */
    private static final class Activity {
        final long limitMillis;
        final long expiresMillis;
        final AtomicLong lastUsed;
        final AtomicLong recorded = new AtomicLong(Long.MIN_VALUE);
        volatile boolean dead;

        Activity(long limitMillis, long expiresMillis, long lastUsed) {
            this.limitMillis = limitMillis;
            this.expiresMillis = expiresMillis;
            this.lastUsed = new AtomicLong(lastUsed);
        }
    }

    private static final long MIN_GRANULARITY_MILLIS = 1_000;

    private final Cache<Activity> activity;
    private final SharedUses shared;
    private final Clock clock;

    /** Follows at most {@code maxTokens} tokens (past it the least useful are forgotten: a forgotten token starts again at its next use). */
    TokenActivity(CacheService caches, long maxTokens, SharedUses shared, Clock clock) {
        this.activity = caches.memory("security.token-activity", CacheOptions.bounded(maxTokens));
        this.shared = shared;
        this.clock = clock;
    }

    /** How often, at most, a node records a use of a token with this limit. */
    static long granularityMillis(long limitMillis) {
        return Math.max(MIN_GRANULARITY_MILLIS, limitMillis / 8);
    }

    /** A token just issued: used now. */
    void issued(Tokens.Claims claims) {
        long limit = claims.inactivity().toMillis();
        if (limit <= 0) {
            return;
        }
        long now = clock.millis();
        Activity seen = new Activity(limit, claims.expires().toEpochMilli(), now);
        activity.put(claims.id(), seen);
        recordIfDue(claims.id(), seen, now);
    }

    /**
     * Records a use of a verified token; false when it had already gone unused for longer than its
     * limit. A token this node has not seen yet (issued elsewhere, or before a restart) starts from
     * the last use the nodes recorded, or now when none did.
     */
    boolean used(Tokens.Claims claims) {
        long limit = claims.inactivity().toMillis();
        if (limit <= 0) {
            return true;
        }
        long now = clock.millis();
        Activity seen = activity.get(claims.id(), id -> new Activity(limit, claims.expires().toEpochMilli(), firstUse(id, limit, now)));
        return touch(claims.id(), seen, now);
    }

    /** Whether a token still in use is within its limit (and records the use); true for one this node does not follow. */
    boolean stillActive(String tokenId) {
        Optional<Activity> seen = activity.get(tokenId);
        return seen.isEmpty() || touch(tokenId, seen.get(), clock.millis());
    }

    private long firstUse(String tokenId, long limit, long now) {
        OptionalLong recorded = shared.lastRecorded(tokenId);
        if (recorded.isEmpty() || recorded.getAsLong() < 0) {
            return now; // nothing recorded (a token from before the store kept uses), or the store is away: as alone
        }
        return latestPossibleUse(recorded.getAsLong(), limit, now);
    }

    /** A recorded use stands for a real one up to a granularity later (and never after now). */
    private static long latestPossibleUse(long recorded, long limit, long now) {
        return Math.min(now, recorded + granularityMillis(limit));
    }

    private boolean touch(String tokenId, Activity seen, long now) {
        if (seen.dead) {
            return false;
        }
        if (now - seen.lastUsed.get() > seen.limitMillis && !usedElsewhere(tokenId, seen, now)) {
            return false;
        }
        seen.lastUsed.accumulateAndGet(now, Math::max);
        recordIfDue(tokenId, seen, now);
        return true;
    }

    /** Whether another node used the token within its limit (its figure is then taken here); marks it dead when none did. */
    private boolean usedElsewhere(String tokenId, Activity seen, long now) {
        OptionalLong recorded = shared.lastRecorded(tokenId);
        if (recorded.isEmpty()) {
            return false; // the store cannot say now: refuse this use, and ask again at the next
        }
        long latest = recorded.getAsLong() < 0 ? Long.MIN_VALUE : latestPossibleUse(recorded.getAsLong(), seen.limitMillis, now);
        if (recorded.getAsLong() < 0 || now - latest > seen.limitMillis) {
            seen.dead = true;
            return false;
        }
        seen.lastUsed.accumulateAndGet(latest, Math::max);
        return true;
    }

    /** Records this node's use when the last one it recorded is a granularity old; one thread of those racing does. */
    private void recordIfDue(String tokenId, Activity seen, long now) {
        long last = seen.recorded.get();
        if (last != Long.MIN_VALUE && now - last < granularityMillis(seen.limitMillis)) {
            return;
        }
        if (seen.recorded.compareAndSet(last, now)) {
            shared.record(tokenId, now, seen.expiresMillis);
        }
    }
}
