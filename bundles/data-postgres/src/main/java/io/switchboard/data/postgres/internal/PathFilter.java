package io.switchboard.data.postgres.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.switchboard.data.path.PathPattern;

/**
 * The part of a path pattern PostgreSQL can check cheaply, as a SQL condition on {@code path}: an
 * exact path is the primary key; a pattern's literal prefix is a range scan of the same B-tree
 * (paths sort in byte order, and {@code '0'} follows {@code '/'}); the segments after it are a
 * regular expression on the rows in that range, so only matching rows cross the network.
 *
 * <p>It narrows, it does not decide: every row is still checked with {@link PathPattern#matches}
 * in Java, so results are the ones the embedded store gives.
 */
final class PathFilter {

    private final String condition;
    private final List<String> parameters;

    private PathFilter(String condition, List<String> parameters) {
        this.condition = condition;
        this.parameters = List.copyOf(parameters);
    }

    static PathFilter of(PathPattern pattern) {
        if (pattern.isExact()) {
            return new PathFilter("path = ?", List.of(pattern.source()));
        }
        List<String> parameters = new ArrayList<>();
        StringBuilder condition = new StringBuilder("(");
        String prefix = pattern.literalPrefix();
        if (!prefix.isEmpty()) {
            // the range below the prefix as a whole segment (so /a/b does not take /a/bc), and the prefix itself when ** may match nothing
            condition.append("(path >= ? AND path < ?");
            parameters.add(prefix + "/");
            parameters.add(prefix + "0");
            if (pattern.matches(prefix)) {
                condition.append(" OR path = ?");
                parameters.add(prefix);
            }
            condition.append(") AND ");
        }
        condition.append("path ~ ?)");
        parameters.add(regex(pattern));
        return new PathFilter(condition.toString(), parameters);
    }

    /** The condition, with one {@code ?} per parameter. */
    String condition() {
        return condition;
    }

    /** Binds the parameters from position {@code first}; returns the next free position. */
    int bind(PreparedStatement statement, int first) throws SQLException {
        int position = first;
        for (String parameter : parameters) {
            statement.setString(position++, parameter);
        }
        return position;
    }

    /**
     * The pattern as a PostgreSQL regular expression with the same meaning: {@code *} is one
     * non-empty segment, {@code **} any number of them, every other segment itself (each of its
     * characters escaped, as paths hold only ASCII letters, digits and punctuation).
     */
    static String regex(PathPattern pattern) {
        StringBuilder regex = new StringBuilder("^");
        for (String segment : pattern.segments()) {
            switch (segment) {
                case "*" -> regex.append("/[^/]+");
                case "**" -> regex.append("(?:/[^/]+)*");
                default -> {
                    regex.append('/');
                    for (int i = 0; i < segment.length(); i++) {
                        char c = segment.charAt(i);
                        if (!Character.isLetterOrDigit(c)) {
                            regex.append('\\');
                        }
                        regex.append(c);
                    }
                }
            }
        }
        return regex.append('$').toString();
    }
}
