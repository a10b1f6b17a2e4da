package io.switchboard.mesh.internal.event;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;

/**
 * A subscriber outside the mesh (a client at the network edge), seen by the event router as one
 * more subscribing instance, so client subscriptions take the same path as components' ones. It is
 * never registered for calls: it has no methods and is not in the instance registry.
 *
 * <p>The handler runs on the emitter's thread and must not block (the edge only queues the event
 * for its session); the payload reaches it as plain data (every payload is, from the moment it is
 * emitted), so no component class leaves the mesh.
 */
public final class EdgeSubscriber extends NamedLocalInstance {

    private final Consumer<EventEnvelope> handler;
    private final Origin origin;

    /** Its group label ({@code edge:<who>}): every client subscription is its own group and gets every event. */
    public EdgeSubscriber(String id, String node, Origin origin, Consumer<EventEnvelope> handler) {
        super(id, "edge:" + origin.name(), "0.0.0", node);
        this.handler = handler;
        this.origin = origin;
    }

    /** Who subscribed. */
    public Origin origin() {
        return origin;
    }

    @Override
    public Promise<Object> invoke(String method, List<?> args, Origin caller, int hops) {
        throw new SwitchboardException(GONE, "a client subscription takes no calls");
    }

    @Override
    public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        try {
            handler.accept(event); // its payload is data already: the emitter's Happn converted it once
        } catch (RuntimeException e) {
            acknowledgement.failed(e);
            return;
        }
        acknowledgement.acknowledged();
    }
}
