package io.switchboard.mesh.internal.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.semver4j.Semver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.switchboard.mesh.Instance;

/**
 * Every subscription by emitting component, and, per emitter version and event name, the
 * subscriptions that accept it (cached until the table changes).
 */
public final class SubscriptionTable {

    static final int MAX_RESOLVED = 4_096;

    private final Map<String, List<SubscriptionRecord>> byEmitter = new ConcurrentHashMap<>();
    /** The same records by id: events from other nodes name the subscription they are for. */
    private final Map<String, SubscriptionRecord> byId = new ConcurrentHashMap<>();
    /**
     * The targets of each emitter version and event name seen, until the table changes. Event names
     * can carry what a client sent (a device id in {@code popups/alert/<id>}), so the cache is
     * bounded; an evicted entry is worked out again at the next emit.
     */
    private final Cache<String, Resolved> resolved = Caffeine.newBuilder()
            .maximumSize(MAX_RESOLVED)
            .executor(Runnable::run)
            .build();
    private final AtomicLong generation = new AtomicLong();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<SubscriptionRecord>> recordListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Resolved(long generation, Targets mesh, Targets local) {
    }

    public void add(SubscriptionRecord record) {
        byEmitter.compute(record.emitter(), (emitter, current) -> {
            List<SubscriptionRecord> next = current == null ? new ArrayList<>() : new ArrayList<>(current);
            next.add(record);
            return List.copyOf(next);
        });
        byId.put(record.id(), record);
        changed();
        told(record);
    }

    /** The subscription with this id, or null. */
    public SubscriptionRecord find(String id) {
        return byId.get(id);
    }

    public void remove(String id) {
        SubscriptionRecord removed = byId.remove(id);
        for (String emitter : byEmitter.keySet()) {
            byEmitter.computeIfPresent(emitter, (e, current) -> without(current, r -> r.id().equals(id)));
        }
        changed();
        if (removed != null) {
            told(removed);
        }
    }

    /** Removes every subscription the instance holds. */
    public void removeAll(Instance subscriber) {
        List<SubscriptionRecord> removed = new ArrayList<>();
        byId.values().removeIf(r -> r.subscriber().id().equals(subscriber.id()) && removed.add(r));
        for (String emitter : byEmitter.keySet()) {
            byEmitter.computeIfPresent(emitter, (e, current) -> without(current, r -> r.subscriber().id().equals(subscriber.id())));
        }
        changed();
        removed.forEach(this::told);
    }

    private static List<SubscriptionRecord> without(List<SubscriptionRecord> current, java.util.function.Predicate<SubscriptionRecord> gone) {
        List<SubscriptionRecord> next = new ArrayList<>(current);
        next.removeIf(gone);
        return next.isEmpty() ? null : List.copyOf(next);
    }

    /** The subscriptions that accept this event from this emitter version, split by delivery. */
    Targets accepting(String emitter, Semver version, String versionText, String event, boolean localOnly) {
        String key = emitter + "@" + versionText + "/" + event;
        long now = generation.get();
        Resolved cached = resolved.getIfPresent(key);
        if (cached == null || cached.generation() != now) {
            List<SubscriptionRecord> matching = new ArrayList<>();
            for (SubscriptionRecord record : byEmitter.getOrDefault(emitter, List.of())) {
                if (record.range().includes(version) && record.pattern().matches(event)) {
                    matching.add(record);
                }
            }
            cached = matching.isEmpty() ? new Resolved(now, Targets.NONE, Targets.NONE)
                    : new Resolved(now, Targets.of(matching, false), Targets.of(matching, true));
            resolved.put(key, cached);
        }
        return localOnly ? cached.local() : cached.mesh();
    }

    /** The subscriptions to one emitter's events. */
    public List<SubscriptionRecord> of(String emitter) {
        return byEmitter.getOrDefault(emitter, List.of());
    }

    /** Every subscription, for descriptions. */
    public List<SubscriptionRecord> all() {
        List<SubscriptionRecord> all = new ArrayList<>();
        byEmitter.values().forEach(all::addAll);
        return all;
    }

    /** How many emitter versions and event names have their targets cached. */
    long resolvedSize() {
        resolved.cleanUp();
        return resolved.estimatedSize();
    }

    /** Runs {@code listener} after every change, on the thread that made it (the cluster replicates from here). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Tells {@code listener} each subscription added or removed, after the change, on the thread that
     * made it (the mesh tells its listeners when a component's subscription changes, and only then).
     */
    public void onRecordChange(java.util.function.Consumer<SubscriptionRecord> listener) {
        recordListeners.add(listener);
    }

    private void told(SubscriptionRecord record) {
        recordListeners.forEach(listener -> listener.accept(record));
    }

    private void changed() {
        generation.incrementAndGet();
        resolved.invalidateAll();
        listeners.forEach(Runnable::run);
    }
}
