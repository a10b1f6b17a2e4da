package io.switchboard.mesh;

import java.util.Objects;

import io.switchboard.api.mesh.SubscribeOptions.Delivery;

/**
 * A component instance's subscription to another component's events, as the mesh routes it: what
 * a cluster publishes for the subscriptions of its node ({@link Mesh#eventSubscriptions()}) and adds on
 * the others for the instances it stands in for ({@link Mesh#subscribe(EventSubscription, Instance)}).
 *
 * @param id         unique across the mesh (it names the subscribing instance)
 * @param subscriber the subscribing component's name
 * @param version    the subscribing instance's version
 * @param emitter    the emitting component's name
 * @param pattern    the event names accepted, as the subscriber wrote them ({@code *} one segment, {@code **} any number)
 * @param range      the emitter versions accepted, a semver range; several joined by {@code " and "} when a
 *                   declared range was narrowed by the subscription's own
 * @param delivery   {@code any}: one instance of the subscribing component's group gets each event;
 *                   {@code all}: every instance does
 * @since 1.3
 */
public record EventSubscription(String id, String subscriber, String version, String emitter, String pattern, String range,
        Delivery delivery) {

    /**
     * The subscriber name of the subscription a node publishes for its clients' subscriptions to a
     * component it brokers (the launcher's {@code --broker}): one per such component with at least
     * one client subscription, delivery {@code all}, every event of every version; {@link Mesh#deliver}
     * hands each event it brings to the clients' subscriptions that accept it. Not a component name
     * (those start with a letter), so it never meets one.
     *
     * @since 1.4
     */
    public static final String CLIENTS = "_clients";

    public EventSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(emitter, "emitter");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(delivery, "delivery");
    }
}
