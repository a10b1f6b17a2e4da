package io.switchboard.mesh.internal.event;

import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.exchange.Conversion;

/** An event as a handler sees it, converting the payload on request. */
public final class ReceivedEvent implements MeshEvent {

    private final EventEnvelope envelope;
    private final Conversion conversion;

    public ReceivedEvent(EventEnvelope envelope, Conversion conversion) {
        this.envelope = envelope;
        this.conversion = conversion;
    }

    @Override
    public String component() {
        return envelope.component();
    }

    @Override
    public String version() {
        return envelope.version();
    }

    @Override
    public String name() {
        return envelope.name();
    }

    @Override
    public Object payload() {
        return envelope.payload();
    }

    @Override
    public <T> T payload(Class<T> type) {
        @SuppressWarnings("unchecked")
        T converted = (T) conversion.to(envelope.payload(), type);
        return converted;
    }

    @Override
    public Origin origin() {
        return envelope.origin();
    }

    @Override
    public int hops() {
        return envelope.hops();
    }

    @Override
    public String toString() {
        return envelope.component() + "@" + envelope.version() + "/" + envelope.name() + " (hops " + envelope.hops() + ")";
    }
}
