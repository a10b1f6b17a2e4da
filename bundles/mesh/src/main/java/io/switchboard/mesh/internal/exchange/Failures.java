package io.switchboard.mesh.internal.exchange;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.Instance;
import io.switchboard.system.log.CorrelationIds;
import io.switchboard.system.log.LogText;
import io.switchboard.system.log.RateLimitedLog;

/** The failures the mesh hands to callers, each with its code and a message naming what it is about. */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(LOG, 5, Duration.ofMinutes(1));
    /** Wrappers around what really failed: a reflective call, a promise's getValue, a future. */
    private static final int MAX_UNWRAP = 16;
    private static final int MAX_LOGGED_CHARS = 500;

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

    /**
     * What really failed, under the wrappers reflection and promises put around it: a component that
     * calls {@code getValue()} on a failed promise throws an {@code InvocationTargetException} whose
     * cause is the coded failure its caller must see.
     */
    public static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        for (int i = 0; i < MAX_UNWRAP && cause.getCause() != null && cause.getCause() != cause
                && (cause instanceof InvocationTargetException || cause instanceof UndeclaredThrowableException
                        || cause instanceof ExecutionException || cause instanceof CompletionException); i++) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * What a caller sees when the callee's method threw (or its promise failed) with {@code thrown}:
     * the real cause's code, and an error id under which the failure is logged here, once. A failure
     * that came from further down the chain is passed on as it is (it was logged where it happened).
     * The message of an exception without a code is the component developer's, not the caller's: it
     * goes to the log, and the caller gets the error id.
     */
    public static SwitchboardException calleeFailed(Throwable thrown, String component, String version, String method) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof CallFailedException passedOn) {
            return passedOn;
        }
        String id = CorrelationIds.next();
        String label = component + "@" + version + " " + method;
        if (cause instanceof SwitchboardException coded) {
            LOG.info("{} failed with {} (error id {}): {}", label, coded.code(), id, LogText.of(coded.getMessage(), MAX_LOGGED_CHARS));
            return new CallFailedException(coded.code(), label + " failed: " + coded.getMessage() + " (error id " + id + ")",
                    component, version, method, cause.getClass().getName(), id);
        }
        // a client can repeat a call that fails so: its stack is logged a few times a minute per method, not per call
        UNEXPECTED.warn(label, "{} failed (error id {}): {}", label, id, LogText.of(cause, MAX_LOGGED_CHARS), cause);
        return new CallFailedException(MeshErrors.CALLEE_FAILED, label + " failed unexpectedly; the server's log has the details"
                + " under error id " + id, component, version, method, cause.getClass().getName(), id);
    }

    /** Failures that already carry a code pass through; anything else is the callee failing. */
    public static SwitchboardException coded(Throwable failure, String component, String version, String method) {
        Throwable cause = unwrap(failure);
        if (cause instanceof SwitchboardException coded) {
            return coded;
        }
        return calleeFailed(cause, component, version, method);
    }
}
