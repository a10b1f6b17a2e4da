package io.switchboard.api.mesh;

import org.osgi.annotation.versioning.ProviderType;

/** One event as a handler receives it. */
@ProviderType
public interface MeshEvent {

    /** The emitting component's name. */
    String component();

    /** The emitting instance's version. */
    String version();

    /** The event's name, e.g. {@code alert}. */
    String name();

    /**
     * The payload as plain, read-only data: maps, lists, strings, numbers, booleans and null, never
     * the emitter's own objects (they belong to its class space, and to its instance). Every
     * subscriber gets the same data, converted once when the event was emitted.
     */
    Object payload();

    /**
     * The payload converted to {@code type}, through JSON mapping. A field of the payload that
     * {@code type} does not know, a field of {@code type} the payload lacks, or a number that would
     * change fails with {@link MeshErrors#INCOMPATIBLE_DATA} naming the field, unless the
     * subscription is {@link SubscribeOptions#lenient()}.
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@link MeshErrors#INCOMPATIBLE_DATA}, or
     *         {@link MeshErrors#BAD_PAYLOAD} when the payload cannot be read as {@code type} at all
     */
    <T> T payload(Class<T> type);

    /** Who started the chain that led to this event. */
    Origin origin();

    /** How many events led to this one: 0 for an event not emitted from inside a handler. */
    int hops();
}
