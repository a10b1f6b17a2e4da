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

    private static final SubscribeOptions ALL = new SubscribeOptions(Delivery.ALL, null, false);
    private static final SubscribeOptions ANY = new SubscribeOptions(Delivery.ANY, null, false);

    private final Delivery delivery;
    private final String range;
    private final boolean lenient;

    private SubscribeOptions(Delivery delivery, String range, boolean lenient) {
        this.delivery = delivery;
        this.range = range;
        this.lenient = lenient;
    }

    public static SubscribeOptions all() {
        return ALL;
    }

    public static SubscribeOptions any() {
        return ANY;
    }

    /** Accept events only from emitters whose version satisfies this semver range (and the declared one). */
    public SubscribeOptions range(String semverRange) {
        return new SubscribeOptions(delivery, Objects.requireNonNull(semverRange, "semverRange"), lenient);
    }

    /**
     * {@link MeshEvent#payload(Class)} converts this subscription's payloads leniently: fields the
     * type does not know are dropped, fields the payload lacks keep the type's defaults, numbers are
     * rounded to fit. Without it such a conversion fails with {@link MeshErrors#INCOMPATIBLE_DATA}
     * naming the field (see {@link CallOptions#lenient()}).
     *
     * @since 1.2
     */
    public SubscribeOptions lenient() {
        return new SubscribeOptions(delivery, range, true);
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The extra range, or null for the dependency's declared range alone. */
    public String range() {
        return range;
    }

    /** Whether payloads are converted leniently ({@link #lenient()}); false by default. @since 1.2 */
    public boolean isLenient() {
        return lenient;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubscribeOptions other && delivery == other.delivery && Objects.equals(range, other.range)
                && lenient == other.lenient;
    }

    @Override
    public int hashCode() {
        return Objects.hash(delivery, range, lenient);
    }

    @Override
    public String toString() {
        return "SubscribeOptions[" + delivery + (range == null ? "" : " range=" + range) + (lenient ? " lenient" : "") + "]";
    }
}
