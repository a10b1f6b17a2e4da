package io.switchboard.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * The last uses of tokens recorded by every node on a shared store: one document per token and
 * node, {@code /_SYSTEM/security/token-use/<token id>/<node>} with {@code lastUsed} and the
 * token's {@code expires}, so that two nodes never overwrite each other's figure and a node's
 * own figure only grows. Written unpublished (no node subscribes to them) on a background thread;
 * read only when a node would expire a token or sees one for the first time. Documents of expired
 * tokens are removed at a node's first write and at most {@linkplain #SWEEP_INTERVAL hourly} after.
 */
final class StoredTokenUses implements TokenActivity.SharedUses {

    private static final Logger LOG = LoggerFactory.getLogger(StoredTokenUses.class);
    static final String ROOT = Directory.ROOT + "/token-use/";
    private static final WriteOptions UNPUBLISHED = WriteOptions.DEFAULTS.withNoPublish(true);
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final DataService data;
    private final String node;
    private final Executor background;
    private final Clock clock;
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param node       this node's name (unique in the cluster)
     * @param background where the writes run; a bounded one that refuses work when full (a use not
     *                   recorded is recorded at the next use a granularity later)
     */
    StoredTokenUses(DataService data, String node, Executor background, Clock clock) {
        this.data = data;
        this.node = node;
        this.background = background;
        this.clock = clock;
    }

    @Override
    public void record(String tokenId, long usedMillis, long expiresMillis) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put("lastUsed", usedMillis).put("expires", expiresMillis);
        run(() -> Directory.await(data.set(ROOT + tokenId + "/" + node, doc, UNPUBLISHED)));
        sweepIfDue();
    }

    @Override
    public OptionalLong lastRecorded(String tokenId) {
        try {
            long latest = -1;
            for (Item item : Directory.await(data.find(ROOT + tokenId + "/*", Query.ALL))) {
                latest = Math.max(latest, item.data().path("lastUsed").asLong(-1));
            }
            return OptionalLong.of(latest);
        } catch (SwitchboardException unreadable) {
            LOG.warn("the last uses of a token by the other nodes could not be read ({}): its use is refused for now", unreadable.getMessage());
            return OptionalLong.empty();
        }
    }

    /** Removes the uses of tokens that expired: at start, then at most once per interval, on a write. */
    void sweepIfDue() {
        long now = clock.millis();
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL.toMillis())) {
            return;
        }
        ObjectNode expired = JsonNodeFactory.instance.objectNode();
        expired.putObject("expires").put("$lt", now);
        run(() -> Directory.await(data.remove(ROOT + "*/*", UNPUBLISHED.withCriteria(expired))));
    }

    private void run(Runnable write) {
        try {
            background.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    LOG.warn("a token's last use could not be recorded in the shared store: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException full) {
            LOG.debug("the record of a token's last use was dropped: the writes are behind");
        }
    }
}
