package io.switchboard.api.mesh;

import io.switchboard.api.errors.SwitchboardException;

/**
 * The callee's method threw (or its promise failed). The code is the callee's own when it threw a
 * {@link SwitchboardException}, else {@link MeshErrors#CALLEE_FAILED}; wrappers such as
 * {@code InvocationTargetException} are unwrapped to what really failed. The callee's exception
 * type is kept, whether or not the caller can load that type. The mesh logs the failure once, on
 * the callee's node, under an {@link #errorId()} that the message repeats, so that a caller's
 * report can be matched with the server's log line. The message of an exception without a code is
 * not passed on (it is for the component's developer, and may say more than a caller should
 * know): the log has it.
 */
public class CallFailedException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final String version;
    private final String method;
    private final String errorType;
    private final String errorId;

    public CallFailedException(String code, String message, String component, String version, String method,
            String errorType) {
        this(code, message, component, version, method, errorType, null);
    }

    /** @since 1.2 */
    public CallFailedException(String code, String message, String component, String version, String method,
            String errorType, String errorId) {
        super(code, message);
        this.component = component;
        this.version = version;
        this.method = method;
        this.errorType = errorType;
        this.errorId = errorId;
    }

    public String component() {
        return component;
    }

    public String version() {
        return version;
    }

    public String method() {
        return method;
    }

    /** The class name of what the callee threw, e.g. {@code java.lang.IllegalArgumentException}. */
    public String errorType() {
        return errorType;
    }

    /**
     * The id under which the callee's node logged this failure (also in the message as
     * {@code error id <id>}), or null when it was not logged. @since 1.2
     */
    public String errorId() {
        return errorId;
    }
}
