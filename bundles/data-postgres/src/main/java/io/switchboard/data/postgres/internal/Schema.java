package io.switchboard.data.postgres.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * The store's tables, created on first use and migrated step by step: {@code switchboard_schema}
 * records the version reached, and each later release appends a step to {@link #STEPS}, never
 * editing one that shipped. Runtimes that start at the same time take turns (a transaction-scoped
 * advisory lock), so exactly one of them creates or migrates, and the others see the result.
 */
final class Schema {

    /** Arbitrary, fixed: the advisory lock key of the schema ("SWBD" in ASCII). */
    private static final long LOCK = 0x5357_4244L;

    static final String DOCUMENTS = "switchboard_documents";
    static final String VERSIONS = "switchboard_versions";

    /**
     * The migration steps; step {@code n} takes the schema from version {@code n} to {@code n + 1}.
     *
     * <p>Step 1: documents keyed by path in the "C" collation (byte order), so that the primary key's
     * B-tree also serves the prefix range of a pattern, as a {@code text_pattern_ops} index would in
     * another collation; data as JSONB; item versions from one sequence, which starts at the current
     * time in microseconds so that versions keep growing for clients that saw the embedded store's.
     */
    private static final List<Step> STEPS = List.of(
            (statement, clock) -> {
                statement.execute("CREATE SEQUENCE " + VERSIONS + " START WITH " + clock.millis() * 1000);
                statement.execute("CREATE TABLE " + DOCUMENTS + " ("
                        + "path text COLLATE \"C\" PRIMARY KEY, "
                        + "data jsonb NOT NULL, "
                        + "created bigint NOT NULL, "
                        + "modified bigint NOT NULL, "
                        + "modified_by text, "
                        + "version bigint NOT NULL)");
            });

    /** The version this release creates and understands. */
    static final int LATEST = STEPS.size();

    private interface Step {
        void apply(Statement statement, Clock clock) throws SQLException;
    }

    private Schema() {
    }

    /**
     * Brings the store to {@link #LATEST}; returns the version it was at. Fails when the store was
     * migrated further by a newer release, which this one must not write to.
     */
    static int migrate(Connection connection, Clock clock) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS switchboard_schema (one boolean PRIMARY KEY DEFAULT true CHECK (one), version integer NOT NULL)");
            int found = 0;
            try (ResultSet row = statement.executeQuery("SELECT version FROM switchboard_schema")) {
                if (row.next()) {
                    found = row.getInt(1);
                }
            }
            if (found > LATEST) {
                throw new NewerSchemaException(found);
            }
            for (int step = found; step < LATEST; step++) {
                STEPS.get(step).apply(statement, clock);
            }
            if (found < LATEST) {
                statement.execute("INSERT INTO switchboard_schema (version) VALUES (" + LATEST + ") "
                        + "ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version");
            }
            connection.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The store's schema is newer than this release: an operator must upgrade this runtime, not let it write. */
    static final class NewerSchemaException extends SQLException {
        private static final long serialVersionUID = 1L;

        NewerSchemaException(int found) {
            super("the store's schema is version " + found + ", newer than this Switchboard understands (" + LATEST
                    + "); upgrade this runtime to the release that migrated the store", "SB001");
        }
    }
}
