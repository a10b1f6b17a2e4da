package io.switchboard.security.internal;

/**
 * Relations between two path patterns, for permission decisions on requests that are themselves
 * patterns: whether a granted pattern covers every path a requested one can match, and whether a
 * prohibited pattern shares any path with it. {@code *} is one segment, {@code **} zero or more.
 */
final class PatternAlgebra {

    private PatternAlgebra() {
    }

    static String[] segments(String pattern) {
        if (pattern.equals("/")) {
            return new String[0];
        }
        String body = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        return body.split("/", -1);
    }

    /** Every path that {@code requested} matches is matched by {@code granted}. */
    static boolean covers(String granted, String requested) {
        String[] g = segments(granted);
        String[] r = segments(requested);
        return covers(g, 0, r, 0, new Boolean[g.length + 1][r.length + 1]);
    }

    private static boolean covers(String[] g, int i, String[] r, int j, Boolean[][] memo) {
        if (memo[i][j] != null) {
            return memo[i][j];
        }
        boolean result;
        if (i == g.length) {
            result = j == r.length;
        } else if (g[i].equals("**")) {
            result = false;
            for (int k = j; k <= r.length && !result; k++) {
                result = covers(g, i + 1, r, k, memo);
            }
        } else if (j == r.length || r[j].equals("**")) {
            result = false; // g needs exactly one more segment; r may have none, or any number
        } else if (r[j].equals("*")) {
            result = g[i].equals("*") && covers(g, i + 1, r, j + 1, memo);
        } else {
            result = (g[i].equals("*") || g[i].equals(r[j])) && covers(g, i + 1, r, j + 1, memo);
        }
        memo[i][j] = result;
        return result;
    }

    /** Some path is matched by both patterns. */
    static boolean overlaps(String first, String second) {
        String[] a = segments(first);
        String[] b = segments(second);
        return overlaps(a, 0, b, 0, new Boolean[a.length + 1][b.length + 1]);
    }

    private static boolean overlaps(String[] a, int i, String[] b, int j, Boolean[][] memo) {
        if (memo[i][j] != null) {
            return memo[i][j];
        }
        boolean result;
        if (i < a.length && a[i].equals("**")) {
            result = overlaps(a, i + 1, b, j, memo) || (j < b.length && overlaps(a, i, b, j + 1, memo));
        } else if (j < b.length && b[j].equals("**")) {
            result = overlaps(a, i, b, j + 1, memo) || (i < a.length && overlaps(a, i + 1, b, j, memo));
        } else if (i == a.length || j == b.length) {
            result = i == a.length && j == b.length;
        } else {
            result = (a[i].equals("*") || b[j].equals("*") || a[i].equals(b[j])) && overlaps(a, i + 1, b, j + 1, memo);
        }
        memo[i][j] = result;
        return result;
    }
}
