package io.switchboard.mesh.suite;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mesh settings a suite asks for, by the keys of the configuration PID {@code io.switchboard.mesh}
 * (bundles/mesh/README.md, "Configuration"), so that a fixture can hand them to a mesh in this JVM or
 * write them into a runtime's {@code etc/io.switchboard.mesh.cfg}. What is not set keeps its default.
 */
public record MeshConfig(Map<String, Long> values) {

    /** The keys a suite may set: those that change in place. */
    public static final Set<String> KEYS = Set.of("callTimeoutMillis", "drainTimeoutMillis", "ackTimeoutMillis", "hopLimit",
            "retryLimit", "rebindMillis");

    public MeshConfig {
        values = Map.copyOf(values);
    }

    public static MeshConfig defaults() {
        return new MeshConfig(Map.of());
    }

    public MeshConfig with(String key, long value) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("not a mesh setting a suite can change: " + key);
        }
        Map<String, Long> next = new TreeMap<>(values);
        next.put(key, value);
        return new MeshConfig(next);
    }
}
