package io.switchboard.mesh.internal.route;

import java.util.Set;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.StickyMoved;
import io.switchboard.mesh.internal.registry.InstanceRegistry;
import io.switchboard.mesh.internal.version.SemverRange;

/**
 * One caller's view of one dependency: the declared range, the matching instances (recomputed only
 * when the registry changed) and the caller's routing state for it.
 */
public final class Callee {

    private final String component;
    private final SemverRange declared;
    private final InstanceRegistry registry;
    private final PreferLocal preferLocal = new PreferLocal();
    private final RoundRobin roundRobin = new RoundRobin();
    private final Sticky sticky;
    private volatile StickyMoved stickyHook;
    private volatile Cached snapshot = Cached.NONE;

    /**
     * The matches of the range a call narrowed the declared one to, the last one asked for: a client
     * names the same range on every call ({@code ^1.0.0}, parsed once to one object by
     * {@link SemverRange#parse}), and matching every instance's version against it cost as much as
     * the rest of a call's routing. One entry: callers that alternate ranges match each call as before.
     */
    private volatile Cached narrowed = Cached.NONE;

    /**
     * Matches computed at a registry generation for a narrowing range (null for the declared range
     * alone; compared by identity). Weak: an idle caller must not keep a stopped instance (and its
     * class loader) alive.
     */
    private record Cached(long generation, SemverRange extra, java.lang.ref.WeakReference<Matches> matches) {
        static final Cached NONE = new Cached(-1, null, new java.lang.ref.WeakReference<>(null));

        /** The matches, if computed at this generation for this range and not collected; else null. */
        Matches at(long now, SemverRange range) {
            return generation == now && extra == range ? matches.get() : null;
        }

        static Cached of(long generation, SemverRange extra, Matches matches) {
            return new Cached(generation, extra, new java.lang.ref.WeakReference<>(matches));
        }
    }

    private final boolean localOnly;

    public Callee(String component, SemverRange declared, InstanceRegistry registry) {
        this(component, declared, registry, false);
    }

    /** @param localOnly only instances on this node: the view of a client attached to this node */
    public Callee(String component, SemverRange declared, InstanceRegistry registry, boolean localOnly) {
        this.localOnly = localOnly;
        this.component = component;
        this.declared = declared;
        this.registry = registry;
        this.sticky = new Sticky((key, from, to) -> {
            StickyMoved hook = stickyHook;
            if (hook != null) {
                hook.moved(key, from, to);
            }
        });
    }

    public String component() {
        return component;
    }

    public SemverRange declared() {
        return declared;
    }

    /** Whether only instances on this node count (a client at the network edge). */
    public boolean localOnly() {
        return localOnly;
    }

    /** The instances in the declared range narrowed by {@code extra} (null: none). */
    public Matches matches(SemverRange extra) {
        long generation = registry.generation();
        if (extra != null && extra != SemverRange.ANY) {
            Matches matches = narrowed.at(generation, extra);
            if (matches == null) {
                matches = Matches.of(registry.instances(component), declared.and(extra), localOnly);
                narrowed = Cached.of(generation, extra, matches);
            }
            return matches;
        }
        Matches matches = snapshot.at(generation, null);
        if (matches == null) {
            matches = Matches.of(registry.instances(component), declared, localOnly);
            snapshot = Cached.of(generation, null, matches);
        }
        return matches;
    }

    /**
     * {@link #matches(SemverRange)} without the instances whose ids are in {@code left}: those that
     * answered this call that they had left while the registry still lists them (another node's
     * entry is removed here only when its record's change arrives). Not cached: a reroute is rare.
     */
    public Matches matches(SemverRange extra, Set<String> left) {
        if (left.isEmpty()) {
            return matches(extra);
        }
        SemverRange range = extra == null || extra == SemverRange.ANY ? declared : declared.and(extra);
        return Matches.of(registry.instances(component), range, localOnly, left);
    }

    public RouteStrategy strategy(CallOptions.Route route) {
        return switch (route) {
            case PREFER_LOCAL -> preferLocal;
            case ROUND_ROBIN -> roundRobin;
            case STICKY -> sticky;
        };
    }

    public void onStickyMoved(StickyMoved hook) {
        this.stickyHook = hook;
    }

    public InstanceRegistry registry() {
        return registry;
    }
}
