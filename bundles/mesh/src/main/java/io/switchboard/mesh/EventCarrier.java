package io.switchboard.mesh;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Carries one event to several subscriptions of instances that live together elsewhere (on one
 * other node) as one payload: the mesh hands a carrier every recipient of one emission at once,
 * instead of one {@link Instance#deliver} per subscription. The instances of one node return the
 * same carrier from {@link Instance#carrier()}.
 *
 * @since 1.3
 */
@ConsumerType
public interface EventCarrier {

    /**
     * Sends the event once, with the list of its recipients; each recipient's acknowledgement is
     * told exactly once, as {@link Instance#deliver} would.
     */
    void carry(EventEnvelope event, List<Recipient> recipients);

    /**
     * One subscription the event is for.
     *
     * @param failover whether the event may go to another instance if this one cannot take it (an {@code any} delivery)
     */
    record Recipient(String subscriptionId, boolean failover, Acknowledgement acknowledgement) {
    }
}
