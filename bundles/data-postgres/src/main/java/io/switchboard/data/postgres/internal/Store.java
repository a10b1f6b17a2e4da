package io.switchboard.data.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;

/**
 * Runs work on a pooled connection and keeps {@link StoreState} true: every outcome is recorded;
 * the schema is made (or migrated) before the first statement; a transaction that lost a race is
 * run again; and while the store is known to be away, operations fail at once instead of each
 * waiting for a connection, one attempt per {@code retryMillis} still going through to notice its
 * return.
 */
final class Store {

    /** Work on one connection, given back to the pool afterwards. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int RACE_RETRIES = 10;

    private final DataSource pool;
    private final StoreState state;
    private final Clock clock;
    private final long retryMillis;
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    private volatile long lastFailureMillis = Long.MIN_VALUE / 2;

    Store(DataSource pool, StoreState state, Clock clock, long retryMillis) {
        this.pool = pool;
        this.state = state;
        this.clock = clock;
        this.retryMillis = retryMillis;
    }

    StoreState state() {
        return state;
    }

    /** Runs an operation for a caller; {@code write} only changes the words of a failure. */
    <T> T run(boolean write, Work<T> work) {
        if (!state.up() && clock.millis() - lastFailureMillis < retryMillis) {
            throw StoreFailures.unavailable(state, state.problem(), write);
        }
        try {
            return attempt(work);
        } catch (SQLException e) {
            throw failed(e, write);
        }
    }

    /** Checks that the store answers (and has its schema), for the health report; never throws. */
    void probe(int timeoutSeconds) {
        try {
            attempt(connection -> {
                if (!connection.isValid(timeoutSeconds)) {
                    throw new SQLException("the server did not answer within " + timeoutSeconds + " s", "08006");
                }
                return null;
            });
        } catch (SQLException e) {
            failed(e, false);
        } catch (RuntimeException e) {
            state.unreachable("the check failed: " + e.getMessage());
        }
    }

    private <T> T attempt(Work<T> work) throws SQLException {
        for (int race = 0;; race++) {
            try (Connection connection = pool.getConnection()) {
                ensureSchema(connection);
                T result = work.run(connection);
                state.reachable();
                return result;
            } catch (SQLException e) {
                if (!StoreFailures.retryable(e) || race >= RACE_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private void ensureSchema(Connection connection) throws SQLException {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (!schemaReady) {
                Schema.migrate(connection, clock);
                schemaReady = true;
            }
        }
    }

    private SwitchboardException failed(SQLException e, boolean write) {
        if (e instanceof Schema.NewerSchemaException) {
            state.unreachable(e.getMessage());
            lastFailureMillis = clock.millis();
            return new SwitchboardException(DataErrors.STORE_UNAVAILABLE, "the data store cannot be used: " + e.getMessage());
        }
        if (StoreFailures.unavailable(e)) {
            state.unreachable(StoreFailures.reason(e));
            lastFailureMillis = clock.millis();
        }
        return StoreFailures.translate(e, state, write);
    }
}
