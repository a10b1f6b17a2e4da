package io.switchboard.mesh.internal.event;

import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.version.SemverRange;

/**
 * One subscription, wherever its subscriber runs.
 *
 * @param id           unique across the mesh
 * @param subscriber   the subscribing instance (deliveries go through it)
 * @param emitter      the emitting component's name
 * @param range        the emitter versions accepted
 * @param pattern      the event names accepted
 * @param delivery     any or all
 */
public record SubscriptionRecord(String id, Instance subscriber, String emitter, SemverRange range, EventPattern pattern,
        Delivery delivery) {

    /**
     * The group among which an {@code any} event goes to exactly one: every instance of the same
     * subscribing component with the same subscription.
     */
    public String group() {
        return subscriber.component() + "|" + emitter + "|" + pattern + "|" + range;
    }
}
