package io.switchboard.mesh;

import java.util.Objects;

import io.switchboard.api.mesh.Origin;

/**
 * An event on its way from an emitter to a subscription.
 *
 * @param component the emitting component
 * @param version   the emitting instance's version
 * @param name      the event name
 * @param payload   the payload
 * @param origin    who started the chain
 * @param hops      how many handlers emitted it in a row
 */
public record EventEnvelope(String component, String version, String name, Object payload, Origin origin, int hops) {

    public EventEnvelope {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
    }
}
