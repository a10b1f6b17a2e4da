package io.switchboard.cluster.internal.registry;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.mesh.EventSubscription;

/**
 * One component event subscription in a node's registry record: what another node needs to send
 * that node the events it accepts, and to count its instance in an {@code any} group.
 *
 * @param id        the subscription's id, unique across the cluster
 * @param component the subscribing component (its instance on the record's node)
 * @param version   the subscribing instance's version
 * @param emitter   the emitting component
 * @param pattern   the event names accepted
 * @param range     the emitter versions accepted
 * @param delivery  {@code any} or {@code all}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubscriptionEntry(String id, String component, String version, String emitter, String pattern, String range,
        String delivery) {

    static SubscriptionEntry of(EventSubscription subscription) {
        return new SubscriptionEntry(subscription.id(), subscription.subscriber(), subscription.version(), subscription.emitter(),
                subscription.pattern(), subscription.range(), subscription.delivery().name().toLowerCase(Locale.ROOT));
    }

    /** @return null when the entry is incomplete or names a delivery this version does not know */
    EventSubscription toSubscription() {
        if (id == null || component == null || version == null || emitter == null || pattern == null || range == null
                || delivery == null) {
            return null;
        }
        Delivery kind = switch (delivery) {
            case "any" -> Delivery.ANY;
            case "all" -> Delivery.ALL;
            default -> null;
        };
        return kind == null ? null : new EventSubscription(id, component, version, emitter, pattern, range, kind);
    }

    /** Whether it is the subscription a node makes for its clients ({@link EventSubscription#CLIENTS}), held by no instance. */
    boolean forClients() {
        return EventSubscription.CLIENTS.equals(component);
    }

    /** The subscribing instance's label, {@code component@version}. */
    String label() {
        return component + "@" + version;
    }
}
