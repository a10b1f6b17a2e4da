package io.switchboard.publisher;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.data.DataEvent;

/**
 * Finds the recipients of an event, registered as an OSGi service (the subscription index is one).
 * Called on the publishing thread for every event: it must be fast and must not block.
 */
@ConsumerType
public interface RecipientSource {

    /** Passes each recipient of the event to {@code sink}, each once. */
    void collect(DataEvent event, Consumer<Recipient> sink);
}
