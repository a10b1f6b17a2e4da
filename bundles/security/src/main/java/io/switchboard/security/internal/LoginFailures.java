package io.switchboard.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.switchboard.cache.Cache;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * Failed logins, and the lockout they lead to (README, "Lockout"). A user is locked from one
 * source address after {@code perSource} failures from it, so an attacker locks out only
 * itself; and from every source but this machine's loopback address after {@code perUser}
 * failures in all, which caps a spread-out guessing attack (NIST SP 800-63B: at most 100) while
 * an operator on the machine can always log in. A success clears both counts.
 *
 * <p>The counts of existing users live in the data store under {@value #ROOT}, one document per
 * user, source and period of {@code window}, counted with the store's atomic {@code increment} (so
 * concurrent failures are never lost, and a cluster's nodes can share them); a count is the sum
 * of this period's and the last one's, so failures weigh for one to two periods. Names that are
 * no user get the same answers from a bounded cache in memory, so that nothing keyed by a
 * made-up name is stored. Time comes from the clock given.
 */
final class LoginFailures {

    /**
     * @param perSource failures of a user from one source that lock it from there (0: never)
     * @param perUser   failures of a user from all sources that lock it from everywhere but the loopback address (0: never)
     * @param window    how long a failure counts: one to two of these
     */
    record Limits(int perSource, int perUser, Duration window) {
    }

    /** What a failure made of the counts. */
    record Counts(long fromSource, long fromAll) {
    }

    static final String ROOT = Directory.ROOT + "/failures/";
    /** The source segment of a user's count over all sources. */
    private static final String ALL = "_all";
    private static final WriteOptions QUIET = WriteOptions.DEFAULTS.withNoPublish(true);

    private final DataService data;
    private final Cache<AtomicLong> unknownUsers;
    private final Clock clock;
    private final Limits limits;
    private final long windowMillis;
    private final AtomicLong swept = new AtomicLong(Long.MIN_VALUE);

    LoginFailures(DataService data, Cache<AtomicLong> unknownUsers, Clock clock, Limits limits) {
        this.data = data;
        this.unknownUsers = unknownUsers;
        this.clock = clock;
        this.limits = limits;
        this.windowMillis = Math.max(1, limits.window().toMillis());
    }

    /** Whether logins of this user from this source are refused now. */
    boolean locked(String username, SourceAddress source, boolean known) {
        long period = period();
        if (limits.perSource() > 0 && count(username, source.key(), period, known) >= limits.perSource()) {
            return true;
        }
        return limits.perUser() > 0 && !source.loopback() && count(username, ALL, period, known) >= limits.perUser();
    }

    /** Counts a failure from this source. */
    Counts failed(String username, SourceAddress source, boolean known) {
        long period = period();
        long fromSource = increment(key(username, source.key(), period), known) + value(key(username, source.key(), period - 1), known);
        long fromAll = increment(key(username, ALL, period), known) + value(key(username, ALL, period - 1), known);
        if (known) {
            sweep(period);
        }
        return new Counts(fromSource, fromAll);
    }

    /** A login succeeded: the user's failures no longer count, from this source or in all. */
    void succeeded(String username, SourceAddress source) {
        long period = period();
        for (String from : new String[] {source.key(), ALL}) {
            for (long p = period - 1; p <= period; p++) {
                String key = key(username, from, p);
                Directory.await(data.remove(key, QUIET));
                unknownUsers.remove(key);
            }
        }
    }

    boolean locksFromSource(Counts counts) {
        return limits.perSource() > 0 && counts.fromSource() == limits.perSource();
    }

    boolean locksEverywhere(Counts counts) {
        return limits.perUser() > 0 && counts.fromAll() == limits.perUser();
    }

    private long period() {
        return Math.floorDiv(clock.millis(), windowMillis);
    }

    private long count(String username, String from, long period, boolean known) {
        return value(key(username, from, period), known) + value(key(username, from, period - 1), known);
    }

    private long increment(String key, boolean known) {
        if (!known) {
            return unknownUsers.get(key, k -> new AtomicLong()).incrementAndGet();
        }
        Item item = Directory.await(data.increment(key, "count", 1, QUIET)).item().orElseThrow();
        return item.data().path("count").asLong();
    }

    private long value(String key, boolean known) {
        if (!known) {
            return unknownUsers.get(key).map(AtomicLong::get).orElse(0L);
        }
        return Directory.await(data.get(key)).map(item -> item.data().path("count").asLong()).orElse(0L);
    }

    private static String key(String username, String from, long period) {
        return ROOT + username + "/" + from + "/" + period;
    }

    /** Drops the documents of periods that no longer count, at most once a period. */
    private void sweep(long period) {
        long last = swept.get();
        if (last >= period || !swept.compareAndSet(last, period)) {
            return;
        }
        for (Item item : Directory.await(data.find(ROOT + "*/*/*", Query.ALL))) {
            String path = item.path();
            try {
                if (Long.parseLong(path.substring(path.lastIndexOf('/') + 1)) < period - 1) {
                    Directory.await(data.remove(path, QUIET));
                }
            } catch (NumberFormatException e) {
                Directory.await(data.remove(path, QUIET)); // not a count of ours
            }
        }
    }
}
