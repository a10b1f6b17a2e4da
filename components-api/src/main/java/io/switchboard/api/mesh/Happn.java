package io.switchboard.api.mesh;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

/**
 * A component instance's handle on the mesh, built from its declared dependencies only: the seeds'
 * {@code $happn}.
 */
@ProviderType
public interface Happn {

    /** The name this component is registered under. */
    String name();

    /** This instance's semantic version. */
    String version();

    /** Calls to the methods of declared dependencies. */
    Exchange exchange();

    /** Subscriptions to the events of declared dependencies. */
    Events event();

    /**
     * Emits an event from this component to every subscription that accepts it, wherever the
     * subscribers run. The promise resolves with the number of handlers that acknowledged it once
     * every chosen target has acknowledged or failed; it fails with {@link MeshErrors#HOP_LIMIT}
     * when the event was dropped as a loop.
     */
    Promise<Integer> emit(String event, Object payload);

    /** Like {@link #emit(String, Object)}, but only subscribers on this node receive the event. */
    Promise<Integer> emitLocal(String event, Object payload);

    /** This component's part of the data store, under {@code /_data/<component>}. */
    ComponentData data();

    /** A logger that names this component and version in every line. */
    System.Logger log();

    /**
     * Who started the call chain this thread is working for: the caller of the method or the
     * emitter of the event being handled, carried through every hop. Outside of any call it is
     * this component itself.
     */
    Origin origin();

    /**
     * Whether the {@link #origin()} of the current chain may do an action on a path, by the
     * runtime's permissions: for example {@code allowed("set", "/shop/orders/42")} before a method
     * acts for its caller on data outside the component's own tree. Always true for a chain that a
     * component or the system started; for a user or an anonymous caller, the
     * {@link OriginPermissions} service decides (the security feature's, or the insecure development
     * mode's, which allows everything). Without such a service (security stopped or restarting) the
     * answer is false: the check fails closed.
     *
     * @param action {@code get}, {@code set}, {@code on}, {@code remove}, {@code count} or {@code call}
     * @since 1.1
     */
    boolean allowed(String action, String path);
}
