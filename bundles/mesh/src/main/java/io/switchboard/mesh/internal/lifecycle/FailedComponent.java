package io.switchboard.mesh.internal.lifecycle;

import java.util.List;

import io.switchboard.system.log.CorrelationIds;

/**
 * A component that cannot run: its class could not be loaded, its declaration is invalid, or its
 * constructor threw. It stays known, as {@code failed}, until its bundle stops or offers it again,
 * so that it never just disappears while its bundle shows Active.
 *
 * @param name    the component's name
 * @param version its version
 * @param owner   the bundle that offered it, as log lines name it
 * @param events  the events it declares
 * @param reason  why it does not run, in words for anyone who may read the description: no text of
 *                the component's own, but the error id under which the log has it
 * @param detail  what failed, as the log has it (the exception), for administrators
 */
public record FailedComponent(String name, String version, String owner, List<String> events, String reason, String detail) {

    public FailedComponent {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /**
     * @param what    what went wrong, in the mesh's words ("its constructor threw")
     * @param detail  the exception, as the log line has it
     * @param errorId the id the log line carries
     */
    static FailedComponent of(String name, String version, String owner, List<String> events, String what, String detail,
            String errorId) {
        return new FailedComponent(name, version, owner, events, what + "; the server's log has the details under error id " + errorId,
                detail);
    }

    /** A new error id for a failure's log line and its reason. */
    static String errorId() {
        return CorrelationIds.next();
    }

    public String label() {
        return name + "@" + version;
    }

    /** The key a failure is kept under: a bundle and what it offered. */
    String key() {
        return owner + " " + label();
    }
}
