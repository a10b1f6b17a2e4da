package io.switchboard.cluster.internal;

/**
 * This node cannot be a member, and the runtime ends with an exit code the launcher documents:
 * 1 (it failed), 2 (the settings are wrong), 3 (a port is taken) or 4 (the cluster refused it: another secret, or
 * its name is taken). The message says why, in the operator's terms.
 */
public final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    public static final int FAILED = 1;
    public static final int SETTINGS = 2;
    public static final int PORT_IN_USE = 3;
    public static final int REFUSED = 4;

    private final int exitCode;

    public Refusal(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
