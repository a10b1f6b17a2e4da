package io.switchboard.mesh;

import java.util.List;
import java.util.Map;

/**
 * What the mesh knows of one component version.
 *
 * @param name                 component name
 * @param version              semantic version
 * @param state                {@code running} or {@code waiting} (for required dependencies)
 * @param methods              exchange methods as {@code name(arity)}
 * @param events               declared events
 * @param dependencies         required dependencies, name to range
 * @param optionalDependencies optional dependencies, name to range
 * @param nodes                the nodes running an instance
 * @param waitingFor           required dependencies with no matching instance yet (empty when running)
 */
public record ComponentDescription(String name, String version, String state, List<String> methods, List<String> events,
        Map<String, String> dependencies, Map<String, String> optionalDependencies, List<String> nodes,
        List<String> waitingFor) {
}
