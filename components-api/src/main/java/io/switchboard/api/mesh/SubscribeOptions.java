package io.switchboard.api.mesh;

import java.util.Objects;

/**
 * How a subscriber wants an event delivered to its component group (every instance of the
 * subscribing component, across the mesh), and which emitter versions it accepts.
 */
public final class SubscribeOptions {

    /** Who in the subscribing component's group receives each event. */
    public enum Delivery {
        /** Exactly one instance of the group, round-robin over live instances. */
        ANY,
        /** Every instance of the group. */
        ALL
    }

    private static final SubscribeOptions ALL = new SubscribeOptions(Delivery.ALL, null);
    private static final SubscribeOptions ANY = new SubscribeOptions(Delivery.ANY, null);

    private final Delivery delivery;
    private final String range;

    private SubscribeOptions(Delivery delivery, String range) {
        this.delivery = delivery;
        this.range = range;
    }

    public static SubscribeOptions all() {
        return ALL;
    }

    public static SubscribeOptions any() {
        return ANY;
    }

    /** Accept events only from emitters whose version satisfies this semver range (and the declared one). */
    public SubscribeOptions range(String semverRange) {
        return new SubscribeOptions(delivery, Objects.requireNonNull(semverRange, "semverRange"));
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The extra range, or null for the dependency's declared range alone. */
    public String range() {
        return range;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubscribeOptions other && delivery == other.delivery && Objects.equals(range, other.range);
    }

    @Override
    public int hashCode() {
        return Objects.hash(delivery, range);
    }

    @Override
    public String toString() {
        return "SubscribeOptions[" + delivery + (range == null ? "" : " range=" + range) + "]";
    }
}
