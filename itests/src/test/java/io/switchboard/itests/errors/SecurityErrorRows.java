package io.switchboard.itests.errors;

import java.util.List;

/**
 * The {@code security.*} rows of {@link DocumentedErrorCodesTest}: the security feature's own
 * codes, kept by the security service's engineers. Add a row per code (see {@link DataErrorRows}
 * for the style: a new session per row, the admin token from the env, a user of your own through
 * {@code security.upsertUser}), then add {@code "security."} to {@link #PREFIXES} so that the test
 * holds every documented {@code security.*} code to having a row.
 */
final class SecurityErrorRows {

    /** Code prefixes these rows cover completely. */
    static final List<String> PREFIXES = List.of();

    static final List<ErrorRow> ROWS = List.of();

    static final List<ErrorRow.Exempt> EXEMPT = List.of();

    private SecurityErrorRows() {
    }
}
