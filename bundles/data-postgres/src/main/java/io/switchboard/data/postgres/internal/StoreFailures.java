package io.switchboard.data.postgres.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;

/**
 * Turns what JDBC reports into the data service's codes, in the client's terms: the store being
 * away ({@code data.store-unavailable}, try again) is told apart from a failing store
 * ({@code data.store-failed}) and from a value PostgreSQL cannot keep ({@code data.not-json}).
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * Whether every connection stayed in use for the whole wait: the pool timed out without a
     * failed connection attempt behind it. The database answers; it is only busy.
     */
    static boolean poolExhausted(SQLException e) {
        return e instanceof SQLTransientConnectionException && e.getCause() == null;
    }

    /** Whether the failure means the server cannot be reached (or is shutting down), rather than a refused statement. */
    static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return !poolExhausted(e);
        }
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return e.getCause() instanceof java.io.IOException;
        }
        return state.startsWith("08") // connection exception
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutting down, crashed, starting up
                || state.equals("53300") // too many connections
                || state.equals("57014") && e.getMessage() != null && e.getMessage().contains("timeout"); // statement timed out waiting for the server
    }

    /** Whether the statement may simply be run again: the transaction lost a race and was rolled back. */
    static boolean retryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState()); // serialization failure, deadlock
    }

    /** The reason, for the health report and the log: short, and without driver class names. */
    static String reason(SQLException e) {
        String message = e.getMessage() == null ? "no message" : e.getMessage();
        Throwable cause = e.getCause();
        if (e instanceof SQLTransientConnectionException && cause instanceof SQLException inner) {
            message = inner.getMessage(); // the pool's timeout says less than the connection attempt it gave up on
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static SwitchboardException translate(SQLException e, StoreState state, boolean write) {
        if (poolExhausted(e)) {
            return new SwitchboardException(DataErrors.STORE_UNAVAILABLE, "the data store (PostgreSQL at " + state.location()
                    + ") is busy: every connection stayed in use while this operation waited" + (write ? "; the write was not acknowledged" : "")
                    + "; try again later");
        }
        if (unavailable(e)) {
            return unavailable(state, reason(e), write);
        }
        if ("22P05".equals(e.getSQLState())) { // untranslatable character: U+0000
            return new SwitchboardException(DataErrors.NOT_JSON,
                    "the PostgreSQL store cannot keep the character U+0000 in a string or a field name");
        }
        return new SwitchboardException(DataErrors.STORE_FAILED,
                "the PostgreSQL store refused the operation (SQL state " + e.getSQLState() + "): " + reason(e));
    }

    static SwitchboardException unavailable(StoreState state, String why, boolean write) {
        return new SwitchboardException(DataErrors.STORE_UNAVAILABLE, "the data store (PostgreSQL at " + state.location()
                + ") is unavailable: " + why + (write ? "; the write was not acknowledged" : "") + "; try again later");
    }
}
