package io.switchboard.data.spi;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.util.promise.Promise;

import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;

/**
 * Delivers the data service's events to subscribers, honouring the event's
 * {@link io.switchboard.data.Consistency}. Implemented by the publisher bundle.
 */
@ConsumerType
public interface EventPublisher {

    /** Starts publishing an event. */
    Publishing publish(DataEvent event);

    /**
     * The two moments of a publication.
     *
     * @param accepted resolves when the writer may be acknowledged, per the consistency level
     * @param results resolves with the results once they are known
     */
    record Publishing(Promise<Void> accepted, Promise<PublishResults> results) {
    }
}
