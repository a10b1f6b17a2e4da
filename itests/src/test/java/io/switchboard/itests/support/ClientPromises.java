package io.switchboard.itests.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;

import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;

/** Waits on the Java client's promises, shared by the edge and mesh client tests. */
public final class ClientPromises {

    private ClientPromises() {
    }

    /** The promise's value, or its failure thrown as it is (wrapped only if it is not an Exception). */
    public static <T> T await(Promise<T> promise) throws Exception {
        try {
            Throwable failure = promise.getFailure();
            if (failure != null) {
                throw failure instanceof Exception e ? e : new RuntimeException(failure);
            }
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    /** The code of the promise's failure, asserting that it failed with a {@link SwitchboardException}. */
    public static String errorCode(Promise<?> promise) throws Exception {
        Throwable failure = promise.getFailure();
        assertTrue(failure instanceof SwitchboardException, "a coded failure, got " + failure);
        return ((SwitchboardException) failure).code();
    }
}
