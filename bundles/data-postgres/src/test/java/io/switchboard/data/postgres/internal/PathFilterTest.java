package io.switchboard.data.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.switchboard.data.path.PathPattern;
import io.switchboard.data.postgres.testing.PostgresServer;

/**
 * What the database selects with a pattern's filter is exactly what {@link PathPattern} matches,
 * checked in PostgreSQL itself for every pair of a set of patterns and awkward paths (namesakes,
 * characters that mean something in LIKE or in regular expressions, neighbours of '/' in byte order).
 */
class PathFilterTest {

    private static final List<String> PATTERNS = List.of("/a", "/a/*", "/a/**", "/a/*/c", "/a/**/c", "/*", "/**", "/*/b", "/**/b",
            "/a/b/**", "/a.b/*", "/a+b/**", "/(x)/*", "/a b/**", "/$1/**", "/%/*", "/_/**", "/a/**/b/**/c", "/*/*/*", "/a/b");
    private static final List<String> PATHS = List.of("/a", "/a/b", "/a/b/c", "/a/b/c/d", "/a/c", "/a/x/c", "/a/x/y/c", "/ab", "/a.b",
            "/a.b/c", "/a-b", "/a0", "/a+b", "/a+b/c", "/aab/c", "/(x)/y", "/x/y", "/a b/c", "/a b", "/$1/z", "/%/z", "/x/z", "/_/z",
            "/a/q/b/r/c", "/b", "/x/b", "/a/b/b", "/a/bc", "/a/b0", "/a/b.c");

    @Test
    void theDatabaseSelectsExactlyWhatThePatternMatches() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        List<String> disagreements = new ArrayList<>();
        try (Connection connection = server.connect()) {
            for (String source : PATTERNS) {
                PathPattern pattern = PathPattern.compile(source);
                PathFilter filter = PathFilter.of(pattern);
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT path FROM unnest(?::text[]) AS t(path) WHERE " + filter.condition().replace("path", "t.path COLLATE \"C\""))) {
                    statement.setArray(1, connection.createArrayOf("text", PATHS.toArray()));
                    filter.bind(statement, 2);
                    List<String> selected = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            selected.add(rows.getString(1));
                        }
                    }
                    List<String> matching = PATHS.stream().filter(pattern::matches).toList();
                    if (!selected.equals(matching)) {
                        disagreements.add(source + ": database " + selected + ", pattern " + matching);
                    }
                }
            }
        }
        assertEquals(List.of(), disagreements);
    }
}
