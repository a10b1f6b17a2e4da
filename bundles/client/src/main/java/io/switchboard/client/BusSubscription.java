package io.switchboard.client;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A subscription to a bus topic in a consumer group, made through the client; made again after each
 * reconnect until it is closed. Messages not acked when the connection dropped are delivered again
 * once their visibility runs out.
 */
@ProviderType
public interface BusSubscription extends AutoCloseable {

    String topic();

    String group();

    /** The server's id for it now; a new one after each reconnect. */
    String currentId();

    boolean isActive();

    /** Ends it: no more messages are delivered, and the server is told (without waiting for its answer). */
    @Override
    void close();
}
