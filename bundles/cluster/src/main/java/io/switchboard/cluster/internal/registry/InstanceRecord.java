package io.switchboard.cluster.internal.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.switchboard.mesh.ExpectedBack;

/**
 * One component instance in a node's registry record: what routing needs to call it.
 *
 * @param state {@code running}, or {@code returning}: the instance left routing and its node expects it
 *              back (its bundle is being updated in place), so callers elsewhere wait for it as callers
 *              on its node do. Other states a later version may publish are neither routed nor waited for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceRecord(String component, String version, List<String> methods, List<String> events, String state) {

    public static final String RUNNING = "running";
    public static final String RETURNING = "returning";

    public InstanceRecord {
        methods = methods == null ? List.of() : List.copyOf(methods);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A record of an instance its node expects back. */
    public static InstanceRecord returning(ExpectedBack expected) {
        return new InstanceRecord(expected.component(), expected.version(), List.of(), List.of(), RETURNING);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }

    public String label() {
        return component + "@" + version;
    }
}
