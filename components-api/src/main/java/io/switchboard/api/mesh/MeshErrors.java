package io.switchboard.api.mesh;

/**
 * The codes of {@link io.switchboard.api.errors.SwitchboardException}s the mesh raises. Each is
 * raised at once, never after waiting for a timeout, except {@link #TIMEOUT} itself, and
 * {@link #NO_MATCHING_VERSION} while the component's bundle is being updated in place: callers then
 * wait, bounded by the mesh's rebind time, for it to come back.
 */
public final class MeshErrors {

    /** No live instance of the component has a version in the caller's range; the message names the versions present. */
    public static final String NO_MATCHING_VERSION = "mesh.no-matching-version";
    /** The chosen instance has no exchange method with this name and argument count. */
    public static final String METHOD_NOT_FOUND = "mesh.method-not-found";
    /** The arguments could not be converted to the method's parameter types. */
    public static final String BAD_ARGUMENTS = "mesh.bad-arguments";
    /** The callee threw something that carries no code of its own; see {@link CallFailedException}. */
    public static final String CALLEE_FAILED = "mesh.callee-failed";
    /** The callee did not answer in time; the message names component, version and method. */
    public static final String TIMEOUT = "mesh.timeout";
    /** The component called or subscribed to is not among the caller's declared dependencies. */
    public static final String UNDECLARED_DEPENDENCY = "mesh.undeclared-dependency";
    /** A range does not parse as a semver range. */
    public static final String INVALID_RANGE = "mesh.invalid-range";
    /** A typed-proxy interface has a method that does not return a Promise. */
    public static final String BAD_PROXY = "mesh.bad-proxy";
    /** The instance stopped and its in-flight work did not finish within the drain timeout. */
    public static final String DRAIN_TIMEOUT = "mesh.drain-timeout";
    /** The event was emitted from inside too many handlers in a row and was dropped as a loop. */
    public static final String HOP_LIMIT = "mesh.hop-limit";
    /** A result could not be converted to the type the caller asked for. */
    public static final String BAD_RESULT = "mesh.bad-result";
    /**
     * Data crossing between class spaces (arguments, a result, an event payload) does not fit the
     * receiving type without inventing or losing a value: a field the receiver does not know, a
     * field it needs that the data lacks, or a number that would change (1.7 read as an int). The
     * message names the field. {@link CallOptions#lenient()} and {@link SubscribeOptions#lenient()}
     * accept such data anyway.
     *
     * @since 1.2
     */
    public static final String INCOMPATIBLE_DATA = "mesh.incompatible-data";
    /**
     * An emitted payload (or a value written to {@link ComponentData}) cannot be sent as data: it is
     * nested deeper than the runtime accepts, refers to itself, or cannot be written as JSON. Nothing
     * was delivered, or stored.
     *
     * @since 1.2
     */
    public static final String BAD_PAYLOAD = "mesh.bad-payload";

    private MeshErrors() {
    }
}
