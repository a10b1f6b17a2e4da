package io.switchboard.mesh.internal.event;

import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.ConversionFailure;

/** An event as a handler sees it, converting the payload on request. */
public final class ReceivedEvent implements MeshEvent {

    private final EventEnvelope envelope;
    private final Conversion conversion;
    private final boolean lenient;

    public ReceivedEvent(EventEnvelope envelope, Conversion conversion) {
        this(envelope, conversion, false);
    }

    private ReceivedEvent(EventEnvelope envelope, Conversion conversion, boolean lenient) {
        this.envelope = envelope;
        this.conversion = conversion;
        this.lenient = lenient;
    }

    /** The same event, for a subscription that asked for lenient payloads ({@code SubscribeOptions.lenient()}). */
    public static MeshEvent lenient(MeshEvent event) {
        return event instanceof ReceivedEvent received ? new ReceivedEvent(received.envelope, received.conversion, true) : event;
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
        try {
            @SuppressWarnings("unchecked")
            T converted = (T) conversion.to(envelope.payload(), type, lenient);
            return converted;
        } catch (ConversionFailure e) {
            throw e.toException("event " + envelope.name() + " from " + envelope.component() + "@" + envelope.version() + ": the payload",
                    MeshErrors.BAD_PAYLOAD);
        }
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
