package io.switchboard.api.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * How one call (or every call through one proxy) is routed. Immutable; start from
 * {@link #defaults()} and refine.
 *
 * <pre>{@code
 * exchange.call("deviceManager", "update", List.of(reading), CallOptions.defaults().sticky(siteId));
 * }</pre>
 */
public final class CallOptions {

    /** How an instance is chosen among the live ones whose version matches. */
    public enum Route {
        /** A local instance of the highest matching version, else round-robin among the highest. */
        PREFER_LOCAL,
        /** Round-robin across every matching instance, whatever its version or node. */
        ROUND_ROBIN,
        /** The same key goes to the same instance for as long as it lives. */
        STICKY
    }

    private static final CallOptions DEFAULTS = new CallOptions(Route.PREFER_LOCAL, null, null, null, false);

    private final Route route;
    private final String stickyKey;
    private final String range;
    private final Duration timeout;
    private final boolean lenient;

    private CallOptions(Route route, String stickyKey, String range, Duration timeout, boolean lenient) {
        this.route = route;
        this.stickyKey = stickyKey;
        this.range = range;
        this.timeout = timeout;
        this.lenient = lenient;
    }

    /** Prefer local, the dependency's declared range, the mesh's default timeout. */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    public CallOptions roundRobin() {
        return new CallOptions(Route.ROUND_ROBIN, null, range, timeout, lenient);
    }

    public CallOptions preferLocal() {
        return new CallOptions(Route.PREFER_LOCAL, null, range, timeout, lenient);
    }

    public CallOptions sticky(String key) {
        return new CallOptions(Route.STICKY, Objects.requireNonNull(key, "key"), range, timeout, lenient);
    }

    /**
     * Narrows the versions this call accepts: a candidate must satisfy both this semver range and
     * the dependency's declared one.
     */
    public CallOptions range(String semverRange) {
        return new CallOptions(route, stickyKey, Objects.requireNonNull(semverRange, "semverRange"), timeout, lenient);
    }

    /**
     * Fails the call with {@link MeshErrors#TIMEOUT} if no answer came within this time. It applies
     * to answers that come later: a promise the callee returns, or a callee on another node. A
     * synchronous method of an instance in this JVM runs on the caller's own thread, so the caller
     * has its answer, or its failure, when the method returns, however long that takes: no
     * timeout can apply to it (a method that may block should return a promise).
     */
    public CallOptions timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + limit);
        }
        return new CallOptions(route, stickyKey, range, limit, lenient);
    }

    /**
     * Converts this call's arguments and result leniently when caller and callee do not share their
     * classes: fields the receiving type does not know are dropped, fields it has that the data
     * lacks keep the type's defaults, and numbers are rounded to fit (1.7 read as an int is 1).
     * Without it such a conversion fails with {@link MeshErrors#INCOMPATIBLE_DATA}, naming the
     * field, because the value it would produce is not the one that was sent. Use it only where
     * the two sides are known to differ harmlessly.
     *
     * @since 1.2
     */
    public CallOptions lenient() {
        return new CallOptions(route, stickyKey, range, timeout, true);
    }

    public Route route() {
        return route;
    }

    /** The sticky key, or null unless the route is {@link Route#STICKY}. */
    public String stickyKey() {
        return stickyKey;
    }

    /** The extra range, or null for the declared range alone. */
    public String range() {
        return range;
    }

    /** The timeout, or null for the mesh's default. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether data is converted leniently ({@link #lenient()}); false by default. @since 1.2 */
    public boolean isLenient() {
        return lenient;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallOptions other && route == other.route && Objects.equals(stickyKey, other.stickyKey)
                && Objects.equals(range, other.range) && Objects.equals(timeout, other.timeout) && lenient == other.lenient;
    }

    @Override
    public int hashCode() {
        return Objects.hash(route, stickyKey, range, timeout, lenient);
    }

    @Override
    public String toString() {
        return "CallOptions[" + route + (stickyKey == null ? "" : " key=" + stickyKey)
                + (range == null ? "" : " range=" + range) + (timeout == null ? "" : " timeout=" + timeout)
                + (lenient ? " lenient" : "") + "]";
    }
}
