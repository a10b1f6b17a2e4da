package io.switchboard.security.internal;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;

/**
 * Waits, within a limit, for the data store to answer before the security service reads its
 * directory. A shared store (PostgreSQL) may still be starting, or slow to take a connection, when
 * the runtime starts; failing the activation then would leave the runtime without security for
 * good, because Declarative Services does not try a failed activation again. Only
 * {@code data.store-unavailable} is waited on; any other failure, or the limit, lets activation go
 * on and fail with the store's own error.
 */
final class StoreWait {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWait.class);
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 2_000;

    /** How the wait pauses between probes; tests pass one that moves their clock. */
    interface Pause {
        void millis(long millis) throws InterruptedException;
    }

    private StoreWait() {
    }

    /**
     * Probes until the probe succeeds, fails with something else than the store being unavailable,
     * or {@code limit} has passed.
     *
     * @return true when the store answered
     */
    static boolean until(Supplier<Promise<?>> probe, Duration limit, Clock clock, Pause pause) {
        long deadline = clock.millis() + limit.toMillis();
        long next = FIRST_PAUSE_MILLIS;
        boolean said = false;
        while (true) {
            Throwable failure = failureOf(probe.get());
            if (failure == null) {
                if (said) {
                    LOG.info("security: the data store answers; reading the directory");
                }
                return true;
            }
            if (!(failure instanceof SwitchboardException e && DataErrors.STORE_UNAVAILABLE.equals(e.code()))
                    || clock.millis() >= deadline) {
                return false;
            }
            if (!said) {
                LOG.warn("security: the data store is unavailable ({}); waiting up to {} s before reading the directory",
                        failure.getMessage(), limit.toSeconds());
                said = true;
            }
            try {
                pause.millis(Math.min(next, Math.max(1, deadline - clock.millis())));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
            next = Math.min(next * 2, MAX_PAUSE_MILLIS);
        }
    }

    private static Throwable failureOf(Promise<?> promise) {
        try {
            promise.getValue();
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
