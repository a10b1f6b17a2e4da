package io.switchboard.mesh;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;

/**
 * One live instance of a component, on this node or another. Routing and event delivery only ever
 * talk to instances through this interface.
 *
 * <p>An instance that is leaving answers {@link #invoke} and {@link #deliver} with a failure whose
 * code is {@link #GONE}; the mesh then routes the call or event to another instance, so callers
 * never see it.
 */
@ConsumerType
public interface Instance {

    /** The failure code of an instance that can no longer take work. */
    String GONE = "mesh.instance-gone";

    /** Unique across the mesh, e.g. {@code node-1/deviceManager@1.0.0#7}. */
    String id();

    String component();

    /** A semantic version, {@code major.minor.patch}. */
    String version();

    /** The node the instance runs on. */
    String node();

    /** Whether it runs in this JVM. */
    boolean local();

    /** The exchange's methods as {@code name(arity)}, e.g. {@code update(1)}. */
    List<String> methods();

    /** The events it declares. */
    List<String> events();

    /** Calls a method; the promise fails with a coded {@code SwitchboardException}. */
    Promise<Object> invoke(String method, List<?> args, Origin origin, int hops);

    /**
     * Calls a method with the caller's options: an instance that converts the arguments to its own
     * types does so leniently when {@link CallOptions#isLenient()} says so, and strictly otherwise
     * ({@code mesh.incompatible-data} for a field it does not know, one it lacks, or a number that
     * would change). Routing options are the caller's business and are ignored here.
     *
     * @since 1.2
     */
    default Promise<Object> invoke(String method, List<?> args, Origin origin, int hops, CallOptions options) {
        return invoke(method, args, origin, hops);
    }

    /**
     * Whether a call of this method may hold the calling thread a while (I/O, a lock, a wait): true
     * unless the instance knows the method returns without waiting, as a component's method marked
     * {@link io.switchboard.api.mesh.NonBlocking} does. The network edge runs a call of a method that
     * cannot hold its caller on the thread that read it. Must be cheap: asked once per call.
     *
     * @since 1.8
     */
    default boolean mayHoldCaller(String method, int arity) {
        return true;
    }

    /**
     * Hands an event to one of the instance's subscriptions and reports, once, whether its handler
     * acknowledged it.
     *
     * @param failover whether the event may go to another instance if this one cannot take it (an {@code any} delivery)
     */
    void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement);

    /**
     * How events reach this instance together with those for other instances in the same place:
     * an instance on another node returns its node's carrier, so that one emission sends one payload
     * per node with the list of its recipients. Null (the default) for an instance reached by
     * {@link #deliver} alone.
     *
     * @since 1.3
     */
    default EventCarrier carrier() {
        return null;
    }
}
