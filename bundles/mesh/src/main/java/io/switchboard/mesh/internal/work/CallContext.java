package io.switchboard.mesh.internal.work;

import io.switchboard.api.mesh.Origin;

/**
 * What the current thread is working on for the mesh: whose chain it is and how many events led
 * here. Set around every method invocation and event handler, and restored afterwards.
 *
 * @param origin who started the chain
 * @param events how many events the chain has passed through: an event emitted now carries this as its hop count
 */
public record CallContext(Origin origin, int events) {

    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    /** The context of the work in progress on this thread, or null outside of mesh work. */
    public static CallContext current() {
        return CURRENT.get();
    }

    /** Makes {@code next} current; pass the returned value to {@link #restore(CallContext)}. */
    public static CallContext enter(CallContext next) {
        CallContext previous = CURRENT.get();
        CURRENT.set(next);
        return previous;
    }

    public static void restore(CallContext previous) {
        // set(null) rather than remove(): far cheaper on the hot path, and a null value holds no class
        CURRENT.set(previous);
    }
}
