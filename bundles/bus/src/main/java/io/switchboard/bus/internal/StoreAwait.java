package io.switchboard.bus.internal;

import java.lang.reflect.InvocationTargetException;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.system.log.CorrelationIds;

/**
 * Waits for the data store on behalf of the bus's own records (settings, services, schedules,
 * schemas, subscriptions): a store error keeps its code; anything else is {@code bus.store-failed}
 * naming what could not be read or written, with an error id, while the cause (which names the
 * store's classes) goes to the log under that id, as the security directory does. Each keeper of
 * records holds one, named for its records; no timeout: the store answers or fails (its own bounds).
 */
public final class StoreAwait {

    private static final Logger LOG = LoggerFactory.getLogger(StoreAwait.class);

    private final String what;

    /** @param what what the records are, as the error names them ("the schedules") */
    public StoreAwait(String what) {
        this.what = what;
    }

    public <T> T await(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SwitchboardException known) {
                throw known;
            }
            String errorId = CorrelationIds.next();
            LOG.error("{} could not be read or written (error id {})", what, errorId, e.getCause());
            throw new SwitchboardException(BusErrors.STORE_FAILED,
                    what + " could not be read or written; the server's log has the details under error id " + errorId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(BusErrors.STORE_FAILED, "interrupted while reading or writing " + what);
        }
    }
}
