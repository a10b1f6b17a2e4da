package io.switchboard.mesh.internal.route;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.switchboard.api.mesh.StickyMoved;
import io.switchboard.mesh.Instance;

/**
 * The same key goes to the same instance while that instance lives (and still matches); then the key
 * is bound to another one, chosen round-robin over the highest matching version, and the caller's
 * hook is told so it can re-establish what it kept there.
 */
public final class Sticky implements RouteStrategy {

    /** Weak: a binding must not keep an instance that left alive; a live one is held by the registry. */
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
    private final RoundRobin spread = new RoundRobin();
    private final StickyMoved hook;

    /** @param hook told when a key moves; may be null */
    public Sticky(StickyMoved hook) {
        this.hook = hook;
    }

    @Override
    public Instance choose(Matches matches, String key) {
        Binding binding = bindings.get(key);
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

    private record Binding(WeakReference<Instance> instance, String version) {
    }
}
