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
 * @param mismatches           where the component's typed proxies do not fit the instances they reach
 *                             ({@code "deviceManager@2.0.0: DeviceManager.device result.customer: ..."}):
 *                             calls that meet one fail with {@code mesh.incompatible-data}; empty when all fit
 *                             (since 1.2)
 */
public record ComponentDescription(String name, String version, String state, List<String> methods, List<String> events,
        Map<String, String> dependencies, Map<String, String> optionalDependencies, List<String> nodes,
        List<String> waitingFor, List<String> mismatches) {

    /** A description without mismatches, as before 1.2. */
    public ComponentDescription(String name, String version, String state, List<String> methods, List<String> events,
            Map<String, String> dependencies, Map<String, String> optionalDependencies, List<String> nodes, List<String> waitingFor) {
        this(name, version, state, methods, events, dependencies, optionalDependencies, nodes, waitingFor, List.of());
    }
}
