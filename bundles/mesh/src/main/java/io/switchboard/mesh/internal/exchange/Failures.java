package io.switchboard.mesh.internal.exchange;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.Instance;

/** The failures the mesh hands to callers, each with its code and a message naming what it is about. */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
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
        String id = errorId();
        String label = component + "@" + version + " " + method;
        if (cause instanceof SwitchboardException coded) {
            LOG.info("{} failed with {} (error id {}): {}", label, coded.code(), id, loggable(coded.getMessage()));
            return new CallFailedException(coded.code(), label + " failed: " + coded.getMessage() + " (error id " + id + ")",
                    component, version, method, cause.getClass().getName(), id);
        }
        LOG.warn("{} failed (error id {}): {}", label, id, loggable(String.valueOf(cause)), cause);
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

    /** Short, random, and enough to find one line among a day's logs: {@code e-} and 48 random bits in hex, as the HTTP edge's. */
    private static String errorId() {
        return String.format("e-%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
    }

    /**
     * A message as a log line may hold it: a callee's message may carry what a client sent, and a
     * line break in it would forge a log line of its own.
     */
    static String loggable(String text) {
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_LOGGED_CHARS) + 8);
        int i = 0;
        for (; i < text.length() && safe.length() < MAX_LOGGED_CHARS; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                safe.append("\\n");
            } else if (c == '\r') {
                safe.append("\\r");
            } else if (Character.isISOControl(c)) {
                safe.append(String.format("\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        return i < text.length() ? safe + "…" : safe.toString();
    }
}
