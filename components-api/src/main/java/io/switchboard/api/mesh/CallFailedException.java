package io.switchboard.api.mesh;

import io.switchboard.api.errors.SwitchboardException;

/**
 * The callee's method threw. The code is the callee's own when it threw a
 * {@link SwitchboardException}, else {@link MeshErrors#CALLEE_FAILED}; the callee's exception type
 * and message are kept, whether or not the caller can load that type.
 */
public class CallFailedException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final String version;
    private final String method;
    private final String errorType;

    public CallFailedException(String code, String message, String component, String version, String method,
            String errorType) {
        super(code, message);
        this.component = component;
        this.version = version;
        this.method = method;
        this.errorType = errorType;
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
}
