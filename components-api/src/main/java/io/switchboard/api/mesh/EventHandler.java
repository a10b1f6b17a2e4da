package io.switchboard.api.mesh;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles one event. Returning acknowledges it; throwing reports it (log and counter) and, for an
 * {@link SubscribeOptions.Delivery#ANY} subscription, has it retried on another instance of the group.
 */
@ConsumerType
@FunctionalInterface
public interface EventHandler {

    void handle(MeshEvent event) throws Exception;
}
