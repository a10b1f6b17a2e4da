package io.switchboard.mesh.internal.route;

import java.lang.ref.WeakReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.switchboard.api.mesh.StickyMoved;
import io.switchboard.mesh.Instance;

/**
 * The same key goes to the same instance while that instance lives (and still matches); then the key
 * is bound to another one, chosen round-robin over the highest matching version, and the caller's
 * hook is told so it can re-establish what it kept there.
 *
 * <p>Keys come from callers, clients among them, so at most {@value #MAX_KEYS} bindings are kept per
 * caller and callee. A key evicted to make room (the least used go first) is bound afresh the next
 * time it is used, round-robin, like a new key: it may land on another instance, and the hook is not
 * told, since where the key was is no longer known.
 */
public final class Sticky implements RouteStrategy {

    static final int MAX_KEYS = 10_000;

    /** Weak: a binding must not keep an instance that left alive; a live one is held by the registry. */
    private final Cache<String, Binding> bindings = Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .executor(Runnable::run) // evict on the caller's thread: the bound holds at every moment, not eventually
            .build();
    private final RoundRobin spread = new RoundRobin();
    private final StickyMoved hook;

    /** @param hook told when a key moves; may be null */
    public Sticky(StickyMoved hook) {
        this.hook = hook;
    }

    @Override
    public Instance choose(Matches matches, String key) {
        Binding binding = bindings.getIfPresent(key);
        Instance bound = binding == null ? null : binding.instance().get();
        if (bound != null && matches.contains(bound)) {
            return bound;
        }
        Instance chosen = spread.pick(matches.highest());
        bindings.put(key, new Binding(new WeakReference<>(chosen), chosen.version()));
        if (binding != null && bound != chosen && hook != null) {
            hook.moved(key, binding.version(), chosen.version());
        }
        return chosen;
    }

    /** How many keys are bound now. */
    long size() {
        bindings.cleanUp();
        return bindings.estimatedSize();
    }

    private record Binding(WeakReference<Instance> instance, String version) {
    }
}
