package io.switchboard.mesh;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when {@link Mesh#describe()} would answer differently: a component started, stopped or began
 * waiting, or an instance on another node came or went; and (since 1.7) when {@link Mesh#expectedBack()}
 * would, which the description does not show, so a listener may be told with the description unchanged. Register it as an OSGi service (whiteboard);
 * the network edge uses it to tell clients. Called on one mesh thread, in order, never while the mesh
 * holds a lock.
 */
@ConsumerType
@FunctionalInterface
public interface MeshListener {

    void descriptionChanged();
}
