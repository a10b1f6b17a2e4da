package io.switchboard.client;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.client.internal.ClientImpl;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.SubscribeOptions;

/**
 * A connection to a Switchboard runtime's data API, mesh and bus. Thread-safe. Every operation returns a
 * Promise; a failure carries the server's error code ({@link io.switchboard.api.errors.SwitchboardException}),
 * or {@code client.disconnected} / {@code client.timeout} / {@code client.closed} for the client's own;
 * {@code client.overloaded} when {@link ClientOptions#maxQueuedBytes()} (16 MiB by default) of requests
 * already wait to be written because the server does not take them as fast as they are made (the
 * request is not sent).
 *
 * <p>An answer completes its promise on the connection's reading thread, and callbacks that take no
 * executor run right there: they must not block waiting for another answer of this client. A callback
 * is the cheapest way to wait: the answer wakes the reading thread only, where a caller blocked in
 * {@code getValue()} is woken by that thread in turn. Requests
 * those callbacks send, and pipelined requests sent meanwhile, are written together, in one write,
 * after the burst of answers; a request sent when no other is in flight is written by its sender at once.
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

    // --- the mesh (docs/protocol.md, "Mesh actions")

    /**
     * Calls a component's method on the runtime's node, routed as in the JVM (prefer local, the
     * highest version). Resolves with the method's result as JSON; fails with the mesh's code
     * ({@code mesh.no-matching-version}, {@code mesh.method-not-found}, {@code mesh.bad-arguments},
     * {@code mesh.timeout}, the callee's own code, …) or {@code security.forbidden}.
     *
     * @param args the arguments, mapped to JSON with Jackson
     */
    default Promise<JsonNode> call(String component, String method, List<?> args) {
        return call(component, method, args, CallOptions.defaults());
    }

    /**
     * Like {@link #call(String, String, List)}, with the in-JVM call options: {@code range},
     * {@code roundRobin()}, {@code sticky(key)}, {@code timeout}. A timeout longer than the client's
     * request timeout extends the wait for this call's answer.
     */
    Promise<JsonNode> call(String component, String method, List<?> args, CallOptions options);

    /**
     * Subscribes to a component's events: every event of that name (or pattern, {@code *} one
     * segment, {@code **} any number) that an instance on the runtime's node emits, from versions
     * in {@code range} (null for any). Events arrive on the client's event thread, in order.
     */
    Promise<EventSubscription> onEvent(String component, String event, String range, Consumer<ComponentEvent> handler);

    /** Ends an event subscription; resolves with whether the server knew it. */
    Promise<Boolean> offEvent(EventSubscription subscription);

    /** The components of the runtime's node, versions, methods, events and dependencies. */
    Promise<List<ComponentInfo>> describe();

    /**
     * Tells the listener the new description each time it changes (a component started, stopped or
     * began waiting), from now on and after every reconnect. Resolves with the description now.
     */
    Promise<List<ComponentInfo>> onDescriptionChange(Consumer<List<ComponentInfo>> listener);

    // --- the bus (docs/protocol.md, "Bus actions"); since 1.2

    /** Publishes to a bus topic; resolves with the message's id (the first one's, for a dedup id seen within the window). */
    Promise<String> busPublish(String topic, JsonNode payload, BusOptions options);

    /**
     * Publishes and waits for a consumer's reply; fails with {@code bus.reply-timeout} when none comes within {@code timeout}.
     */
    Promise<JsonNode> busRequest(String topic, JsonNode payload, BusOptions options, java.time.Duration timeout);

    /**
     * Consumes a topic in a group (null: {@code default}): messages leased to this login arrive on the
     * client's event thread, at most {@code max} unacked at once; ack each with {@link #busAck}.
     */
    Promise<BusSubscription> busSubscribe(String topic, String group, int max, Consumer<BusMessage> handler);

    /** Ends a bus subscription; resolves with whether the server knew it. */
    Promise<Boolean> busUnsubscribe(BusSubscription subscription);

    /** Done with a message: its group never gets it again. */
    Promise<Void> busAck(BusMessage message);

    /** Gives a message back to its group, visible again after {@code delay}. */
    Promise<Void> busNack(BusMessage message, java.time.Duration delay);

    /**
     * Publishes a batch to a topic in one request, each payload with {@code options} (which name no
     * dedup id: it would make the batch one message). Every message is checked before any is stored:
     * one bad message fails the whole batch and nothing is stored. Resolves with one result per
     * payload, in order; a result is refused only when the topic refused it while storing (full).
     *
     * @since 1.3
     */
    Promise<List<BusResult>> busPublishAll(String topic, List<JsonNode> payloads, BusOptions options);

    /**
     * Acks several messages, one request per topic and group among them; resolves with one result
     * per message, in order (already acked, leased to another consumer ... are refused results).
     *
     * @since 1.3
     */
    Promise<List<BusResult>> busAckAll(List<BusMessage> messages);

    /** Answers the producer of a message published with a wait for the reply. */
    Promise<Void> busReply(BusMessage message, JsonNode reply);

    /** Ends the connection for good; pending requests fail with {@code client.closed}. */
    @Override
    void close();
}
