package io.switchboard.api.mesh;

import java.util.Objects;

import io.switchboard.api.errors.SwitchboardException;

/** What one instance answered to a call made on every instance: a value, or a failure. */
public final class CallOutcome {

    private final String instance;
    private final String version;
    private final Object value;
    private final SwitchboardException failure;

    private CallOutcome(String instance, String version, Object value, SwitchboardException failure) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.version = Objects.requireNonNull(version, "version");
        this.value = value;
        this.failure = failure;
    }

    public static CallOutcome value(String instance, String version, Object value) {
        return new CallOutcome(instance, version, value, null);
    }

    public static CallOutcome failure(String instance, String version, SwitchboardException failure) {
        return new CallOutcome(instance, version, null, Objects.requireNonNull(failure, "failure"));
    }

    /** The instance's identity in the mesh (node and component instance). */
    public String instance() {
        return instance;
    }

    public String version() {
        return version;
    }

    public boolean failed() {
        return failure != null;
    }

    /** The result, or null if the call failed or returned nothing. */
    public Object value() {
        return value;
    }

    /** The failure, or null if the call succeeded. */
    public SwitchboardException failure() {
        return failure;
    }

    @Override
    public String toString() {
        return instance + "@" + version + (failed() ? " failed: " + failure.code() : " = " + value);
    }
}
