package io.switchboard.subscription;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

/**
 * Subscribes handlers to changes in the data store. Registered as an OSGi service.
 */
@ProviderType
public interface SubscriptionService {

    /** Error code: an option is out of range or does not fit the pattern. */
    String INVALID_OPTION = "subscription.invalid-option";

    /**
     * Error code: the session already holds as many subscriptions as one session may
     * ({@code maxSubscriptionsPerSession} of the PID {@code io.switchboard.subscription}). It
     * reaches clients unchanged, as a data code.
     *
     * @since 1.2
     */
    String TOO_MANY_SUBSCRIPTIONS = "data.too-many-subscriptions";

    /**
     * Subscribes. The promise resolves once live events flow (in a cluster, from every node: see
     * {@link PatternsListener}) and, with {@code initial}, once the current documents have been
     * handed to the handler. It fails (nothing is thrown) with
     * {@code data.invalid-path} or {@code data.invalid-pattern} for a bad pattern and
     * {@value #INVALID_OPTION} for bad options or a missing handler, and
     * {@value #TOO_MANY_SUBSCRIPTIONS} when the options' session holds its limit already.
     */
    Promise<Subscription> on(String pattern, SubscribeOptions options, EventHandler handler);

    /** Unsubscribes; resolves with false when the id is unknown (or already unsubscribed). For in-JVM owners of the id. */
    Promise<Boolean> off(String subscriptionId);

    /**
     * Unsubscribes on behalf of a session: only a subscription made for {@code session} (see
     * {@link SubscribeOptions#session()}) is ended. Resolves with false when the id is unknown,
     * already ended, or another session's: the three look the same, so a client learns nothing
     * about other sessions' subscriptions. The edges call this one for their clients.
     *
     * @since 1.1
     */
    Promise<Boolean> off(String session, String subscriptionId);

    /**
     * Unsubscribes every subscription of {@code session} (every subscription when {@code null})
     * whose own pattern is matched by {@code pattern}, read as a path: {@code /a/**} removes
     * {@code /a/b}, {@code /a/*} and {@code /a/**}. Resolves with how many were removed.
     */
    Promise<Integer> offPattern(String session, String pattern);

    /**
     * The live subscriptions, read-only, for operators (the web console's Subscriptions and Sessions
     * views): each with its pattern and options ({@link SubscribeOptions#session()} names its session).
     *
     * @since 1.2
     */
    default java.util.List<Subscription> subscriptions() {
        return java.util.List.of();
    }

    /**
     * The distinct patterns of the live subscriptions, each with the events it takes: one entry
     * however many subscriptions share it. For whoever routes events to this runtime from elsewhere
     * (the cluster), told of changes as a {@link PatternsListener}.
     *
     * @since 1.2
     */
    Set<SubscribedPattern> patterns();
}
