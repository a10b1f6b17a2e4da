package io.switchboard.publisher;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.data.DataEvent;

/**
 * Something that receives data events: an in-JVM subscription, a client session's outbound queue.
 */
@ConsumerType
public interface Recipient {

    /** The session this recipient belongs to, for {@code targetSessions}; {@code null} if none. */
    String session();

    /**
     * Hands an event over. Must not block: queue it and return. Events handed over by one publisher
     * must be processed in the order they were handed over.
     *
     * @param delivery to report, once processed, {@link Delivery#acknowledge()} or {@link Delivery#fail(Throwable)}
     * @return true when taken, false when this recipient no longer takes events (closed, count used up)
     * @throws RuntimeException when the recipient refuses the event (counted as failed)
     */
    boolean deliver(DataEvent event, Delivery delivery);
}
