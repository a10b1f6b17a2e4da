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
    private volatile Snapshot snapshot = new Snapshot(-1, new java.lang.ref.WeakReference<>(null));

    /**
     * The matches of the range a call narrowed the declared one to, the last one asked for: a client
     * names the same range on every call ({@code ^1.0.0}, parsed once to one object by
     * {@link SemverRange#parse}), and matching every instance's version against it cost as much as
     * the rest of a call's routing. One entry: callers that alternate ranges match each call as before.
     */
    private volatile Narrowed narrowed = new Narrowed(-1, null, new java.lang.ref.WeakReference<>(null));

    /** Weak: an idle caller must not keep a stopped instance (and its class loader) alive. */
    private record Snapshot(long generation, java.lang.ref.WeakReference<Matches> matches) {
    }

    /** As {@link Snapshot}, for one narrowing range (compared by identity). */
    private record Narrowed(long generation, SemverRange extra, java.lang.ref.WeakReference<Matches> matches) {
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
            Narrowed last = narrowed;
            Matches matches = last.generation() == generation && last.extra() == extra ? last.matches().get() : null;
            if (matches == null) {
                matches = Matches.of(registry.instances(component), declared.and(extra), localOnly);
                narrowed = new Narrowed(generation, extra, new java.lang.ref.WeakReference<>(matches));
            }
            return matches;
        }
        Snapshot current = snapshot;
        Matches matches = current.generation() == generation ? current.matches().get() : null;
        if (matches == null) {
            matches = Matches.of(registry.instances(component), declared, localOnly);
            snapshot = new Snapshot(generation, new java.lang.ref.WeakReference<>(matches));
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
