package io.switchboard.data.postgres.internal;

import static io.switchboard.data.postgres.internal.Schema.DOCUMENTS;
import static io.switchboard.data.postgres.internal.Schema.VERSIONS;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.data.spi.Removal;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredItem;

/**
 * The provider's statements on one connection. A read-modify-write ({@link #update}) is optimistic:
 * it reads the document, applies the change in Java, and writes only if nobody wrote in between
 * (the stored version is unchanged); after a few lost races it locks the row instead, so a writer
 * on a hot document still makes progress, and for a moment every write to that path locks at once.
 * A path this provider wrote lately skips the read when its last version is still the stored one
 * ({@link RecentDocuments}). Versions come from one database sequence, taken while
 * the row is locked, so a later change to a path always has a larger version on every node.
 */
final class Documents {

    private static final String COLUMNS = "path, data::text, created, modified, modified_by, version";
    private static final String GET = "SELECT " + COLUMNS + " FROM " + DOCUMENTS + " WHERE path = ?";
    private static final String LOCK = GET + " FOR UPDATE";
    private static final String INSERT = "INSERT INTO " + DOCUMENTS + " (path, data, created, modified, modified_by, version) "
            + "VALUES (?, ?::jsonb, ?, ?, ?, nextval('" + VERSIONS + "')) ON CONFLICT (path) DO NOTHING RETURNING version";
    private static final String REPLACE = "UPDATE " + DOCUMENTS + " SET data = ?::jsonb, created = ?, modified = ?, modified_by = ?, "
            + "version = nextval('" + VERSIONS + "') WHERE path = ?";
    private static final String IF_UNCHANGED = " AND version = ?";
    private static final String DELETE_ONE = "DELETE FROM " + DOCUMENTS + " WHERE path = ?";
    /** Deletes the paths and takes the removal's version while their rows are still locked. */
    private static final String DELETE_MANY = "WITH gone AS (DELETE FROM " + DOCUMENTS + " WHERE path = ANY (?) RETURNING path) "
            + "SELECT array_agg(path), nextval('" + VERSIONS + "') FROM gone";

    /** What a write returns when another writer changed the row first: read again and retry. */
    private static final StoredItem RACE_LOST = new StoredItem("/", JsonNodeFactory.instance.objectNode(), 0, 0, null, 0);

    /** Optimistic attempts before an update locks the row. */
    private static final int OPTIMISTIC_ATTEMPTS = 3;
    /** Rows fetched at a time by a scan, so that a large one is not held in memory twice. */
    private static final int FETCH_SIZE = 256;

    private Documents() {
    }

    static StoredItem get(Connection connection, String path) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(GET)) {
            statement.setString(1, path);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Rows.item(row) : null;
            }
        }
    }

    /**
     * Replaces the document with {@code change.apply(current)}. When this provider wrote the path
     * lately it first guesses that nothing changed since, and writes guarded by that version: one
     * round trip. A wrong guess writes nothing and the update reads the row as usual.
     */
    static StoredItem update(Connection connection, String path, UnaryOperator<StoredItem> change, RecentDocuments recent) throws SQLException {
        boolean contended = recent.contended(path);
        StoredItem guess = contended ? null : recent.guess(path);
        if (guess != null) {
            StoredItem next = change.apply(guess);
            if (next != guess) {
                StoredItem stored = write(connection, guess, next, true, recent);
                if (stored != RACE_LOST) {
                    return stored;
                }
                recent.lostRace(path);
            } else {
                recent.forget(path);
            }
        }
        for (int attempt = contended ? OPTIMISTIC_ATTEMPTS + 1 : 1;; attempt++) {
            StoredItem stored = attempt <= OPTIMISTIC_ATTEMPTS ? tryUpdate(connection, path, change, recent)
                    : lockedUpdate(connection, path, change, recent);
            if (stored != RACE_LOST) {
                return stored;
            }
            recent.lostRace(path);
        }
    }

    /** One optimistic attempt; {@link #RACE_LOST} when another writer got there first. */
    private static StoredItem tryUpdate(Connection connection, String path, UnaryOperator<StoredItem> change, RecentDocuments recent)
            throws SQLException {
        StoredItem current = get(connection, path);
        StoredItem next = change.apply(current);
        if (next == current) {
            return current;
        }
        return write(connection, current, next, true, recent);
    }

    /** Holds the row's lock from the read to the write; {@link #RACE_LOST} only when a new path was created meanwhile. */
    private static StoredItem lockedUpdate(Connection connection, String path, UnaryOperator<StoredItem> change, RecentDocuments recent)
            throws SQLException {
        return inTransaction(connection, () -> {
            StoredItem current;
            try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
                statement.setString(1, path);
                try (ResultSet row = statement.executeQuery()) {
                    current = row.next() ? Rows.item(row) : null;
                }
            }
            StoredItem next = change.apply(current);
            return next == current ? current : write(connection, current, next, false, recent);
        });
    }

    /**
     * Writes {@code next} over {@code current} ({@code null} for none: the change removed the
     * document); {@link #RACE_LOST} when the row is no longer {@code current} (checked when asked).
     */
    private static StoredItem write(Connection connection, StoredItem current, StoredItem next, boolean checkUnchanged, RecentDocuments recent)
            throws SQLException {
        String path = current != null ? current.path() : next.path();
        if (next == null) {
            recent.forget(path);
            String sql = checkUnchanged ? DELETE_ONE + IF_UNCHANGED : DELETE_ONE;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, path);
                if (checkUnchanged) {
                    statement.setLong(2, current.version());
                }
                return statement.executeUpdate() == 1 || !checkUnchanged ? null : RACE_LOST;
            }
        }
        String json = Rows.json(next.data());
        if (current == null) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                statement.setString(1, path);
                statement.setString(2, json);
                statement.setLong(3, next.created());
                statement.setLong(4, next.modified());
                setNullable(statement, 5, next.modifiedBy());
                return versioned(statement, next, json.length(), recent);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(checkUnchanged ? REPLACE + IF_UNCHANGED + " RETURNING version"
                : REPLACE + " RETURNING version")) {
            statement.setString(1, json);
            statement.setLong(2, next.created());
            statement.setLong(3, next.modified());
            setNullable(statement, 4, next.modifiedBy());
            statement.setString(5, path);
            if (checkUnchanged) {
                statement.setLong(6, current.version());
            }
            return versioned(statement, next, json.length(), recent);
        }
    }

    /** The document as stored (the change's data and times, the database's version), remembered for the next write. */
    private static StoredItem versioned(PreparedStatement statement, StoredItem next, int jsonChars, RecentDocuments recent) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return RACE_LOST;
            }
            StoredItem stored = new StoredItem(next.path(), next.data(), next.created(), next.modified(), next.modifiedBy(), row.getLong(1));
            recent.remember(stored, jsonChars);
            return stored;
        }
    }

    static void scan(Connection connection, Selection selection, Consumer<StoredItem> sink) throws SQLException {
        PathFilter filter = PathFilter.of(selection.pattern());
        inTransaction(connection, () -> { // the driver fetches in batches only inside a transaction
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + DOCUMENTS + " WHERE " + filter.condition())) {
                filter.bind(statement, 1);
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String path = row.getString(1);
                        if (selection.pattern().matches(path) && selection.owned().test(path)) {
                            StoredItem item = Rows.item(row);
                            if (selection.criteria().test(item)) {
                                sink.accept(item);
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    static long count(Connection connection, Selection selection) throws SQLException {
        if (selection.criteria().source() != null) {
            long[] count = new long[1];
            scan(connection, selection, item -> count[0]++);
            return count[0];
        }
        // no criteria: only paths cross the network, and only those the filter lets through
        PathFilter filter = PathFilter.of(selection.pattern());
        return inTransaction(connection, () -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT path FROM " + DOCUMENTS + " WHERE " + filter.condition())) {
                filter.bind(statement, 1);
                statement.setFetchSize(FETCH_SIZE * 16);
                long count = 0;
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String path = row.getString(1);
                        if (selection.pattern().matches(path) && selection.owned().test(path)) {
                            count++;
                        }
                    }
                }
                return count;
            }
        });
    }

    /**
     * Locks the candidate rows (in path order, so that two removals cannot deadlock each other),
     * judges each as it is now, deletes the ones selected and versions the removal, in one
     * transaction.
     */
    static Removal remove(Connection connection, Selection selection, RecentDocuments recent) throws SQLException {
        PathFilter filter = PathFilter.of(selection.pattern());
        boolean needData = selection.criteria().source() != null;
        String columns = needData ? COLUMNS : "path";
        Removal removal = inTransaction(connection, () -> {
            List<String> chosen = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + columns + " FROM " + DOCUMENTS + " WHERE "
                    + filter.condition() + " ORDER BY path FOR UPDATE")) {
                filter.bind(statement, 1);
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String path = row.getString(1);
                        if (selection.pattern().matches(path) && selection.owned().test(path)
                                && (!needData || selection.criteria().test(Rows.item(row)))) {
                            chosen.add(path);
                        }
                    }
                }
            }
            return chosen.isEmpty() ? new Removal(List.of(), Removal.UNVERSIONED) : delete(connection, chosen);
        });
        removal.paths().forEach(recent::forget);
        return removal;
    }

    private static Removal delete(Connection connection, List<String> paths) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_MANY)) {
            Array array = connection.createArrayOf("text", paths.toArray());
            statement.setArray(1, array);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                Array gone = row.getArray(1);
                List<String> removed = gone == null ? List.of() : List.of((String[]) gone.getArray());
                return new Removal(removed, removed.isEmpty() ? Removal.UNVERSIONED : row.getLong(2));
            } finally {
                array.free();
            }
        }
    }

    /** The statements of one transaction, on a connection otherwise in auto-commit. */
    private interface InTransaction<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction: committed when it returns, rolled back when it throws
     * (a failure to roll back, on a broken connection, is added to the first failure rather than
     * hiding it); the connection is back in auto-commit afterwards, or broken and left to the pool.
     */
    private static <T> T inTransaction(Connection connection, InTransaction<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException broken) {
                // the connection broke; the pool tests connections before lending them again
            }
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
