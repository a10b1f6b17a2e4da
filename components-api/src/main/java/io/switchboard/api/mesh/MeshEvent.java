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

    /** The payload as the emitter gave it (or as data, when it crossed class spaces or nodes). */
    Object payload();

    /** The payload converted to {@code type} (as data, through JSON mapping, unless it already is one). */
    <T> T payload(Class<T> type);

    /** Who started the chain that led to this event. */
    Origin origin();

    /** How many events led to this one: 0 for an event not emitted from inside a handler. */
    int hops();
}
