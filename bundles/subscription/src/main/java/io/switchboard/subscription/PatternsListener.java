package io.switchboard.subscription;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.util.promise.Promise;

/**
 * Told when the distinct patterns of the live subscriptions ({@link SubscriptionService#patterns()})
 * change; registered as an OSGi service. The cluster is one: it tells the other nodes which events
 * this node's subscribers want.
 *
 * @since 1.2
 */
@ConsumerType
public interface PatternsListener {

    /**
     * A subscription brought a pattern no live subscription had, or the last subscription of a
     * pattern ended. Called on the thread that subscribed or unsubscribed; must not block.
     *
     * @return resolves once the change has taken effect where it matters (for the cluster: every other
     *         node sends this node the events of a new pattern). A subscription that brought a new
     *         pattern is made, and {@link SubscriptionService#on} resolves, only then, so that it
     *         misses no event written anywhere after that; the listener bounds the wait itself.
     */
    Promise<Void> patternsChanged();
}
