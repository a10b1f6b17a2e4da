package io.switchboard.client;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One component version as the runtime describes it ({@link SwitchboardClient#describe()}, the same
 * as {@code GET /api/mesh/description}).
 *
 * @param name                 component name
 * @param version              semantic version
 * @param state                {@code running} or {@code waiting} (for required dependencies)
 * @param methods              exchange methods as {@code name(arity)}
 * @param events               declared events
 * @param dependencies         required dependencies, name to range
 * @param optionalDependencies optional dependencies, name to range
 * @param nodes                the nodes running an instance
 * @param waitingFor           required dependencies with no matching instance yet
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComponentInfo(String name, String version, String state, List<String> methods, List<String> events,
        Map<String, String> dependencies, Map<String, String> optionalDependencies, List<String> nodes, List<String> waitingFor) {
}
