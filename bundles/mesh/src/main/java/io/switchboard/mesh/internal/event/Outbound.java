package io.switchboard.mesh.internal.event;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventCarrier;
import io.switchboard.mesh.EventEnvelope;

/**
 * The deliveries of one emission, as the router decides them: those to instances with a carrier
 * (another node's) wait here and leave together, one payload per carrier with its recipients; the
 * others go at once. Used by one thread, for one emission.
 */
final class Outbound {

    private Map<EventCarrier, List<EventCarrier.Recipient>> carried;

    void deliver(SubscriptionRecord record, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        EventCarrier carrier = record.subscriber().carrier();
        if (carrier == null) {
            record.subscriber().deliver(record.id(), event, failover, acknowledgement);
            return;
        }
        if (carried == null) {
            carried = new IdentityHashMap<>();
        }
        carried.computeIfAbsent(carrier, c -> new ArrayList<>()).add(new EventCarrier.Recipient(record.id(), failover, acknowledgement));
    }

    /** Hands each carrier its recipients, once. */
    void send(EventEnvelope event) {
        if (carried == null) {
            return;
        }
        carried.forEach((carrier, recipients) -> {
            try {
                carrier.carry(event, List.copyOf(recipients));
            } catch (RuntimeException e) {
                // a carrier must report through the acknowledgements; one that throws has not sent anything
                recipients.forEach(recipient -> recipient.acknowledgement().failed(e));
            }
        });
        carried = null;
    }
}
