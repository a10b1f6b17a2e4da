package io.switchboard.mesh.internal.exchange;

import java.lang.reflect.InvocationTargetException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.Instance;

/** The failures the mesh hands to callers, each with its code and a message naming what it is about. */
public final class Failures {

    private static final SwitchboardException GONE = new SwitchboardException(Instance.GONE, "the instance has left routing") {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a routing signal, raised often during a swap, never shown to a caller
        }
    };

    private Failures() {
    }

    public static SwitchboardException gone() {
        return GONE;
    }

    public static boolean isGone(Throwable failure) {
        return failure instanceof SwitchboardException e && Instance.GONE.equals(e.code());
    }

    public static SwitchboardException of(String code, String message) {
        return new SwitchboardException(code, message);
    }

    /** What a caller sees when the callee's method threw (or its promise failed) with {@code thrown}. */
    public static SwitchboardException calleeFailed(Throwable thrown, String component, String version, String method) {
        Throwable cause = thrown instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : thrown;
        if (cause instanceof CallFailedException passedOn) {
            return passedOn; // failed further down the chain: keep who really failed
        }
        String code = cause instanceof SwitchboardException coded ? coded.code() : MeshErrors.CALLEE_FAILED;
        String message = component + "@" + version + " " + method + " threw " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new CallFailedException(code, message, component, version, method, cause.getClass().getName());
    }

    /** Failures that already carry a code pass through; anything else is the callee failing. */
    public static SwitchboardException coded(Throwable failure, String component, String version, String method) {
        if (failure instanceof SwitchboardException coded) {
            return coded;
        }
        return calleeFailed(failure, component, version, method);
    }
}
