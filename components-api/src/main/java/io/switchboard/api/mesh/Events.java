package io.switchboard.api.mesh;

import org.osgi.annotation.versioning.ProviderType;

/** Subscriptions to the events of declared dependencies. */
@ProviderType
public interface Events {

    /**
     * Subscribes to events of {@code component} whose name matches {@code pattern}. In the pattern,
     * segments are separated by {@code /}; {@code *} matches exactly one segment and {@code **}
     * zero or more, the same rule as data paths.
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@link MeshErrors#UNDECLARED_DEPENDENCY}
     *         if {@code component} is not a declared dependency, {@link MeshErrors#INVALID_RANGE} if
     *         the options' range does not parse, {@code mesh.invalid-event-pattern} if a segment of
     *         the pattern is empty or mixes {@code *} with other characters
     */
    Subscription on(String component, String pattern, SubscribeOptions options, EventHandler handler);

    /** {@link #on(String, String, SubscribeOptions, EventHandler)} with {@link SubscribeOptions#all()}. */
    Subscription on(String component, String pattern, EventHandler handler);
}
