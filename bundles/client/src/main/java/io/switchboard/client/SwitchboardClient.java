package io.switchboard.client;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.client.internal.ClientImpl;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.SubscribeOptions;

/**
 * A connection to a Switchboard runtime's data API. Thread-safe. Every operation returns a
 * Promise; a failure carries the server's error code ({@link io.switchboard.api.errors.SwitchboardException}),
 * or {@code client.disconnected} / {@code client.timeout} / {@code client.closed} for the client's own.
 *
 * <p>When the connection drops, the client reconnects by itself with back-off and restores its
 * subscriptions; requests in flight at the drop fail with {@code client.disconnected}. Events
 * published while it was away are missed (not replayed), and a {@link ConnectionEvent.Type#RECONNECTED}
 * event says so.
 */
@ProviderType
public interface SwitchboardClient extends AutoCloseable {

    /** Connects; the promise resolves once the first connection is up and the handshake done. */
    static Promise<SwitchboardClient> connect(ClientOptions options) {
        return ClientImpl.connect(options);
    }

    /** Listens to connection events (connected, disconnected, reconnected, closed). */
    void onConnectionEvent(Consumer<ConnectionEvent> listener);

    /** The session id the server gave the current connection. */
    String sessionId();

    Promise<Optional<Item>> set(String path, JsonNode value, WriteOptions options);

    default Promise<Optional<Item>> set(String path, JsonNode value) {
        return set(path, value, WriteOptions.DEFAULTS);
    }

    Promise<Optional<Item>> get(String path);

    Promise<List<Item>> find(String pattern, Query query);

    Promise<Long> count(String pattern, ObjectNode criteria);

    /** Removes an exact path or every match of a pattern ({@link WriteOptions#criteria()} narrows it); resolves with how many. */
    Promise<Long> remove(String pathOrPattern, WriteOptions options);

    Promise<Optional<Item>> increment(String path, String field, double by);

    Promise<Void> publish(String path, JsonNode value, WriteOptions options);

    /** Subscribes; events arrive on one client thread, in order. */
    Promise<ClientSubscription> on(String pattern, SubscribeOptions options, Consumer<RemoteEvent> handler);

    Promise<Boolean> off(ClientSubscription subscription);

    /** Ends the connection for good; pending requests fail with {@code client.closed}. */
    @Override
    void close();
}
