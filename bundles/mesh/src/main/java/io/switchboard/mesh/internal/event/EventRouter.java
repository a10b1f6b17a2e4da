package io.switchboard.mesh.internal.event;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.osgi.util.promise.Promise;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.osgi.util.promise.PromiseFactory;
import org.semver4j.Semver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.exchange.Failures;

/**
 * Sends each event straight to the subscriptions that accept it: to every one with {@code all}, and
 * to one instance per group with {@code any}, round-robin; an {@code any} event whose instance left
 * or whose handler failed goes to another instance of the group, up to the retry limit.
 *
 * <p>Subscribers on another node are reached through their node's {@link io.switchboard.mesh.EventCarrier}:
 * one emission hands each node one payload with the list of its recipients ({@link Outbound}).
 */
public final class EventRouter {

    static final int MAX_GROUPS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    private final SubscriptionTable table;
    private final PromiseFactory promises;
    private final IntSupplier hopLimit;
    private final IntSupplier retryLimit;
    private final EventStats stats = new EventStats();
    /**
     * Whose turn it is in each {@code any} group. A group's key holds the subscription's pattern and
     * range, which a component may take from what a client sent, so at most {@value #MAX_GROUPS} are
     * kept; an evicted group starts its turns again from its first instance.
     */
    private final Cache<String, AtomicInteger> turns = Caffeine.newBuilder()
            .maximumSize(MAX_GROUPS)
            .executor(Runnable::run)
            .build();

    /**
     * @param hopLimit   events in one chain before the next is dropped; read for every event (it can change while the mesh runs)
     * @param retryLimit failed handlers an {@code any} event is retried past; read for every failure
     */
    public EventRouter(SubscriptionTable table, PromiseFactory promises, IntSupplier hopLimit, IntSupplier retryLimit) {
        this.table = table;
        this.promises = promises;
        this.hopLimit = hopLimit;
        this.retryLimit = retryLimit;
    }

    public EventStats stats() {
        return stats;
    }

    /** @param localOnly only subscribers on this node */
    public Promise<Integer> emit(EventEnvelope event, Semver version, boolean localOnly) {
        int hopLimit = this.hopLimit.getAsInt();
        if (event.hops() > hopLimit) {
            stats.hopLimitDrops.increment();
            stats.of(event).hopLimitDrops.increment();
            String message = "event " + event.name() + " from " + event.component() + "@" + event.version() + " dropped: it passed "
                    + event.hops() + " handlers in a row, over the hop limit of " + hopLimit + " (an event loop?)";
            LOG.error(message);
            return promises.failed(new SwitchboardException(MeshErrors.HOP_LIMIT, message));
        }
        Targets targets = table.accepting(event.component(), version, event.version(), event.name(), localOnly);
        if (targets.isEmpty()) {
            return promises.resolved(0);
        }
        stats.emitted.increment();
        EventStats.PerEvent counts = stats.of(event);
        counts.emitted.increment();
        Emission emission = new Emission(targets.size(), promises, counts);
        Outbound outbound = new Outbound();
        for (SubscriptionRecord record : targets.everyone()) {
            deliverToAll(record, event, emission, outbound);
        }
        for (Map.Entry<String, List<SubscriptionRecord>> group : targets.groups().entrySet()) {
            int start = Math.floorMod(turns.get(group.getKey(), g -> new AtomicInteger()).getAndIncrement(),
                    group.getValue().size());
            String key = group.getKey();
            Supplier<List<SubscriptionRecord>> current = () -> regroup(event, version, key, localOnly);
            deliverToOne(group.getValue(), current, start, event, emission, new HashSet<>(), 0, outbound);
        }
        outbound.send(event);
        return emission.promise();
    }

    /** How many groups' turns are kept. */
    long turnsKept() {
        turns.cleanUp();
        return turns.estimatedSize();
    }

    private void deliverToAll(SubscriptionRecord record, EventEnvelope event, Emission emission, Outbound outbound) {
        outbound.deliver(record, event, false, new Acknowledgement() {
            @Override
            public void acknowledged() {
                EventRouter.this.acknowledged(emission);
            }

            @Override
            public void failed(Throwable failure) {
                if (!Failures.isGone(failure)) {
                    reportFailure(record, event, failure);
                }
                emission.settle(false);
            }
        });
    }

    private void acknowledged(Emission emission) {
        stats.delivered.increment();
        emission.counts().delivered.increment();
        emission.settle(true);
    }

    /** The group's subscriptions now: after an instance left, its replacement may have joined. */
    private List<SubscriptionRecord> regroup(EventEnvelope event, Semver version, String key, boolean localOnly) {
        return table.accepting(event.component(), version, event.version(), event.name(), localOnly).groups()
                .getOrDefault(key, List.of());
    }

    /** @param outbound where deliveries to other nodes gather during the emission; null for a retry, which goes at once */
    private void deliverToOne(List<SubscriptionRecord> group, Supplier<List<SubscriptionRecord>> current, int start,
            EventEnvelope event, Emission emission, Set<String> tried, int failures, Outbound outbound) {
        SubscriptionRecord target = null;
        for (int i = 0; i < group.size() && target == null; i++) {
            SubscriptionRecord candidate = group.get((start + i) % group.size());
            if (!tried.contains(candidate.id())) {
                target = candidate;
            }
        }
        if (target == null) {
            stats.lost.increment();
            emission.counts().lost.increment();
            LOG.error("event {} from {}@{} reached no instance of its {} group: every instance left or failed ({} tried)",
                    event.name(), event.component(), event.version(), group.isEmpty() ? "subscribing" : group.get(0).subscriber().component(),
                    tried.size());
            emission.settle(false);
            return;
        }
        SubscriptionRecord chosen = target;
        tried.add(chosen.id());
        Acknowledgement acknowledgement = new Acknowledgement() {
            @Override
            public void acknowledged() {
                EventRouter.this.acknowledged(emission);
            }

            @Override
            public void failed(Throwable failure) {
                retry(current, chosen, start, event, emission, tried, failures, failure);
            }
        };
        if (outbound != null) {
            outbound.deliver(chosen, event, true, acknowledgement);
        } else {
            chosen.subscriber().deliver(chosen.id(), event, true, acknowledgement);
        }
    }

    private void retry(Supplier<List<SubscriptionRecord>> current, SubscriptionRecord chosen,
            int start, EventEnvelope event, Emission emission, Set<String> tried, int failures, Throwable failure) {
        if (Failures.isGone(failure)) {
            deliverToOne(current.get(), current, start + 1, event, emission, tried, failures, null);
            return;
        }
        reportFailure(chosen, event, failure);
        if (failures + 1 > retryLimit.getAsInt()) {
            stats.lost.increment();
            emission.counts().lost.increment();
            LOG.error("event {} from {}@{} given up after {} failed handler(s) of {}", event.name(), event.component(),
                    event.version(), failures + 1, chosen.subscriber().component());
            emission.settle(false);
            return;
        }
        stats.retries.increment();
        emission.counts().retries.increment();
        deliverToOne(current.get(), current, start + 1, event, emission, tried, failures + 1, null);
    }

    private void reportFailure(SubscriptionRecord record, EventEnvelope event, Throwable failure) {
        stats.handlerFailures.increment();
        stats.of(event).handlerFailures.increment();
        LOG.warn("{}@{} failed to handle event {} from {}@{}: {}", record.subscriber().component(), record.subscriber().version(),
                event.name(), event.component(), event.version(), failure.toString());
    }
}
