package io.switchboard.api.errors;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A failure with a stable code that callers (in the JVM, over the wire or over HTTP) can branch on.
 *
 * <p>Codes are lower-case, dot-separated words such as {@code data.invalid-path}; the first word
 * names the service that raised it. The code is part of the public contract: once released, a
 * code keeps its meaning. The message is for people and may change.
 */
public class SwitchboardException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    private final String code;

    public SwitchboardException(String code, String message) {
        this(code, message, null);
    }

    public SwitchboardException(String code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("error code must be dot-separated lower-case words, was: " + code);
        }
        this.code = code;
    }

    /** The stable, machine-readable code, for example {@code data.invalid-path}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + code + "]: " + getMessage();
    }
}
