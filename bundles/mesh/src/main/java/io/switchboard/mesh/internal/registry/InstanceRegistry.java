package io.switchboard.mesh.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.version.Versions;

/**
 * Every routable instance, local or remote, by component name. Reads are lock-free snapshots;
 * every change bumps {@link #generation()} so callers can cache what they derived from it.
 */
public final class InstanceRegistry {

    private static final Comparator<Registered> HIGHEST_FIRST =
            Comparator.comparing(Registered::version).reversed().thenComparing(r -> r.instance().id());

    private final Map<String, List<Registered>> byComponent = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void add(Instance instance) {
        Registered entry = new Registered(instance, Versions.parse(instance.version()));
        byComponent.compute(instance.component(), (name, current) -> {
            List<Registered> next = current == null ? new ArrayList<>() : new ArrayList<>(current);
            next.removeIf(r -> r.instance().id().equals(instance.id()));
            next.add(entry);
            next.sort(HIGHEST_FIRST);
            return List.copyOf(next);
        });
        changed();
    }

    /** @return whether the instance was routable */
    public boolean remove(Instance instance) {
        boolean[] removed = {false};
        byComponent.computeIfPresent(instance.component(), (name, current) -> {
            List<Registered> next = new ArrayList<>(current);
            removed[0] = next.removeIf(r -> r.instance().id().equals(instance.id()));
            return next.isEmpty() ? null : List.copyOf(next);
        });
        if (removed[0]) {
            changed();
        }
        return removed[0];
    }

    /** The live instances of a component, highest version first. */
    public List<Registered> instances(String component) {
        return byComponent.getOrDefault(component, List.of());
    }

    public List<String> components() {
        return List.copyOf(byComponent.keySet());
    }

    public long generation() {
        return generation.get();
    }

    /** Runs {@code listener} after every change, on the thread that made it. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        generation.incrementAndGet();
        listeners.forEach(Runnable::run);
    }
}
