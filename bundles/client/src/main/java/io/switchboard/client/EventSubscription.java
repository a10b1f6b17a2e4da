package io.switchboard.client;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A subscription to component events made through the client; like a data subscription it is made
 * again after each reconnect, until it is closed.
 */
@ProviderType
public interface EventSubscription extends AutoCloseable {

    String component();

    /** The event name or pattern subscribed to. */
    String event();

    /** The server's id for it now; a new one after each reconnect. */
    String currentId();

    boolean isActive();

    /** Ends it: no more events are delivered, and the server is told (without waiting for its answer). */
    @Override
    void close();
}
