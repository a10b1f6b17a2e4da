package io.switchboard.bus.internal;

import org.osgi.util.promise.Promise;

import io.switchboard.bus.BusErrors;
import io.switchboard.system.log.Awaited;

/**
 * Waits for the data store on behalf of the bus's own records (settings, services, schedules,
 * schemas, subscriptions), as {@link Awaited} does for every caller that answers a client: a store
 * error keeps its code; anything else is {@code bus.store-failed} naming these records, with an
 * error id for the log. Each keeper of records holds one, named for its records.
 */
public final class StoreAwait {

    private final String what;

    /** @param what what the records are, as the error names them ("the schedules") */
    public StoreAwait(String what) {
        this.what = what;
    }

    public <T> T await(Promise<T> promise) {
        return Awaited.value(promise, BusErrors.STORE_FAILED, what);
    }
}
