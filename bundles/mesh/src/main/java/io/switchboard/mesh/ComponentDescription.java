package io.switchboard.mesh;

import java.util.List;
import java.util.Map;

/**
 * What the mesh knows of one component version.
 *
 * @param name                 component name
 * @param version              semantic version
 * @param state                {@code running}, {@code waiting} (for required dependencies) or {@code failed} (its class
 *                             could not be loaded, its declaration is invalid, or its constructor threw; since 1.3)
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
 * @param failure              why a {@code failed} component does not run, in words that name no class of the
 *                             component's (the log has the details under the error id the text ends with); null
 *                             unless failed (since 1.3)
 */
public record ComponentDescription(String name, String version, String state, List<String> methods, List<String> events,
        Map<String, String> dependencies, Map<String, String> optionalDependencies, List<String> nodes,
        List<String> waitingFor, List<String> mismatches, String failure) {

    /** The state of a component that runs. */
    public static final String RUNNING = "running";
    /** The state of a component waiting for required dependencies ({@link #waitingFor}). */
    public static final String WAITING = "waiting";
    /** The state of a component that cannot run ({@link #failure} says why). */
    public static final String FAILED = "failed";

    /** A description that did not fail, as in 1.2. */
    public ComponentDescription(String name, String version, String state, List<String> methods, List<String> events,
            Map<String, String> dependencies, Map<String, String> optionalDependencies, List<String> nodes,
            List<String> waitingFor, List<String> mismatches) {
        this(name, version, state, methods, events, dependencies, optionalDependencies, nodes, waitingFor, mismatches, null);
    }

    /** A description without mismatches, as before 1.2. */
    public ComponentDescription(String name, String version, String state, List<String> methods, List<String> events,
            Map<String, String> dependencies, Map<String, String> optionalDependencies, List<String> nodes, List<String> waitingFor) {
        this(name, version, state, methods, events, dependencies, optionalDependencies, nodes, waitingFor, List.of());
    }
}
