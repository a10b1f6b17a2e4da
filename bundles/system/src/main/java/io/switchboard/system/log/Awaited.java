package io.switchboard.system.log;

import java.lang.reflect.InvocationTargetException;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;

/**
 * Waits for a promise on behalf of a caller that answers a client: a failure that is a
 * {@link SwitchboardException} keeps its code and message; any other failure names only what could
 * not be done, under the caller's code and with an error id, while its cause (which names the
 * store's or the library's classes) goes to the log under the same id. No timeout: whoever made the
 * promise answers or fails within its own bounds.
 */
public final class Awaited {

    private static final Logger LOG = LoggerFactory.getLogger(Awaited.class);

    private Awaited() {
    }

    /**
     * @param code the error code of a failure without one (say {@code bus.store-failed})
     * @param what what was being read or written, as the error names it ("the directory")
     */
    public static <T> T value(Promise<T> promise, String code, String what) {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SwitchboardException known) {
                throw known;
            }
            String errorId = CorrelationIds.next();
            LOG.error("{} could not be read or written (error id {})", what, errorId, e.getCause());
            throw new SwitchboardException(code, what + " could not be read or written; the server's log has the details under error id "
                    + errorId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(code, "interrupted while reading or writing " + what);
        }
    }
}
