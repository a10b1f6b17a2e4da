package io.switchboard.bus;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The message bus, registered as an OSGi service. Every failure is a
 * {@link io.switchboard.api.errors.SwitchboardException} with a {@link BusErrors} code, and a failed
 * call changes nothing stored. Who acts ({@code consumer}) is a name the caller vouches for: the
 * HTTP and WebSocket edges pass the logged-in user or service.
 */
@ProviderType
public interface Bus {

    /** The group a consumer is in when it names none. */
    String DEFAULT_GROUP = "default";

    /** Creates a topic, or changes its settings (its driver stays the one it was made on). */
    TopicInfo putTopic(String name, TopicSettings settings);

    Optional<TopicInfo> topic(String name);

    List<TopicInfo> topics();

    /** Deletes a topic with everything it holds; false when there was none. */
    boolean deleteTopic(String name);

    /**
     * Stores a message, as the topic's driver promises ({@code docs/bus.md}, guarantees).
     *
     * @return the message's id; for a dedup id seen within the window, the first message's id
     */
    Published publish(String topic, Outgoing message);

    /**
     * Publishes a message whose producer waits for a consumer's reply.
     *
     * @return the message's id and the reply (JSON text), which fails with {@value BusErrors#REPLY_TIMEOUT} after {@code timeout}
     */
    Request request(String topic, Outgoing message, Duration timeout);

    /**
     * Up to {@code max} messages for the group, each invisible to the group's other consumers until
     * acked, nacked, or {@code visibility} runs out (then delivered again).
     */
    List<Delivery> lease(String topic, String group, String consumer, int max, Duration visibility);

    /** Done with a message: the group never gets it again. */
    void ack(String messageId, String group, String consumer);

    /** Gives a message back to the group, visible again after {@code delay}. */
    void nack(String messageId, String group, String consumer, Duration delay);

    /** Answers the producer of a message published with {@link #request}. */
    void reply(String messageId, String consumer, byte[] payload);

    /**
     * Calls {@code listener} whenever the topic may have messages for the group (a publish, a nack,
     * a lease that ran out); for streams, which then {@link #lease}. Closing the returned handle stops it.
     */
    AutoCloseable watch(String topic, Runnable listener);

    List<DeadLetter> deadLetters(String topic, int limit);

    Optional<DeadLetter> deadLetter(String topic, String messageId);

    /**
     * Puts dead letters back in their group's queue with their deliveries reset.
     *
     * @param messageIds the ones to re-drive; null for all
     * @return how many were re-driven
     */
    int redrive(String topic, Collection<String> messageIds);

    /** Removes dead letters (null: all); returns how many. */
    int purgeDeadLetters(String topic, Collection<String> messageIds);

    /** Every schedule, by name, as it stands now; empty while the schedules are not running. For operators: it reads only. */
    List<ScheduleInfo> schedules();

    /**
     * Every webhook and WebSub subscription, by topic, with its last attempt; empty while the hooks
     * are not running. For operators: it reads only, and shows no secret.
     */
    List<WebhookInfo> webhooks();

    /** A publish's outcome. */
    record Published(String id, boolean duplicate) {
    }

    /** A synchronous publish: the id at once, the reply later. */
    record Request(String id, CompletionStage<byte[]> reply) {
    }
}
