package io.switchboard.bus.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;

/**
 * Producers waiting for a reply, by message id, bounded in number. A reply answers once; a
 * timeout ends the wait with {@value BusErrors#REPLY_TIMEOUT}. Held in this runtime: the producer
 * and the replier reach the same node (docs/bus.md).
 */
final class Replies {

    private final Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final int max;

    Replies(ScheduledExecutorService timer, int max) {
        this.timer = timer;
        this.max = max;
    }

    /**
     * Publishes (under this object's lock, so that no reply can come before the wait is known) and
     * waits for the reply.
     */
    Bus.Request await(Supplier<String> publish, Duration timeout) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        String id;
        synchronized (this) {
            if (waiting.size() >= max) {
                throw new SwitchboardException(BusErrors.TOO_MANY_WAITING, "the bus already has its maximum of " + max
                        + " synchronous publishes waiting for a reply (maxWaitingReplies); try again shortly");
            }
            id = publish.get();
            waiting.put(id, reply);
        }
        timer.schedule(() -> {
            if (waiting.remove(id, reply)) {
                reply.completeExceptionally(new SwitchboardException(BusErrors.REPLY_TIMEOUT, "no consumer replied to " + id + " within "
                        + timeout.toMillis() + " ms"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Bus.Request(id, reply);
    }

    /** Whether a producer was waiting for this reply (and now has it). */
    boolean answer(String id, byte[] payload) {
        CompletableFuture<byte[]> reply;
        synchronized (this) {
            reply = waiting.remove(id);
        }
        return reply != null && reply.complete(payload);
    }

    /** A producer that stopped waiting (its client went away). */
    void abandon(String id) {
        waiting.remove(id);
    }

    void forgetTopic(String idPrefix) {
        waiting.entrySet().removeIf(entry -> {
            if (entry.getKey().startsWith(idPrefix)) {
                entry.getValue().completeExceptionally(new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "the topic was deleted"));
                return true;
            }
            return false;
        });
    }

    void failAll() {
        waiting.values().forEach(reply -> reply.completeExceptionally(new SwitchboardException(BusErrors.UNAVAILABLE, "the bus stopped")));
        waiting.clear();
    }
}
