package io.switchboard.publisher;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;

/**
 * Hands an event that was published on another node to this node's recipients, registered as an
 * OSGi service by the publisher. The cluster calls it for the events other nodes send here.
 *
 * @since 1.2
 */
@ProviderType
public interface LocalDelivery {

    /**
     * Hands the event to every recipient of this node, leaving out {@link RemoteRecipient}s (the event
     * has crossed its one hop), honouring its {@code targetSessions}. The hand-over happens on the
     * calling thread, so a caller that delivers one event after another keeps their order for every
     * recipient.
     *
     * @return resolves with the results once every recipient was handed the event, or, when the
     *         event is {@link io.switchboard.data.Consistency#ACKNOWLEDGED}, once each acknowledged
     *         or failed (bounded by the publisher's {@code ackTimeoutMillis}, after which the
     *         missing ones count as failed)
     */
    Promise<PublishResults> deliver(DataEvent event);
}
