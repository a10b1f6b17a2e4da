package io.switchboard.cluster.internal.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One component instance in a node's registry record: what routing needs to call it.
 *
 * @param state {@code running}; the other states a later version may publish are not routed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceRecord(String component, String version, List<String> methods, List<String> events, String state) {

    public static final String RUNNING = "running";

    public InstanceRecord {
        methods = methods == null ? List.of() : List.copyOf(methods);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public String label() {
        return component + "@" + version;
    }
}
