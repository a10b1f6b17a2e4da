package io.switchboard.security.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.switchboard.data.path.PathPattern;

/**
 * Relations between two path patterns, for permission decisions on requests that are themselves
 * patterns: whether a granted pattern covers every path a requested one can match, and whether a
 * prohibited pattern shares any path with it. {@code *} is one segment, {@code **} zero or more,
 * and the reserved tree follows the data store's rule ({@link PathPattern#reachesReserved}): a
 * path under {@code /_SYSTEM} is matched only by a pattern whose first segment is {@code _SYSTEM},
 * so that a decision never disagrees with what the request then reaches.
 *
 * <p>Neither relation recurses: overlaps is a table filled one row at a time, covers a search
 * with its own work list (bounded: past {@value #MAX_SEARCH} steps it refuses). A request with
 * 100,000 segments costs time in proportion to its length, never the stack. Paths have one
 * segment at least, so the empty path counts for neither.
 */
final class PatternAlgebra {

    private static final String ONE = "*";
    private static final String ANY = "**";
    /** The most pairs a covers search visits before it gives up and refuses. */
    private static final int MAX_SEARCH = 200_000;

    private PatternAlgebra() {
    }

    static String[] segments(String pattern) {
        if (pattern.isEmpty() || pattern.equals("/")) {
            return new String[0];
        }
        String body = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        return body.split("/", -1);
    }

    /** Every path that {@code requested} matches is matched by {@code granted}. */
    static boolean covers(String granted, String requested) {
        return covers(segments(granted), segments(requested));
    }

    static boolean covers(String[] granted, String[] requested) {
        boolean grantedReserved = namesReserved(granted);
        if (namesReserved(requested)) {
            return grantedReserved && coversAll(granted, requested);
        }
        // the request matches paths outside the reserved tree, which a grant that names it never matches
        return !grantedReserved && coversAll(granted, outsideReserved(requested));
    }

    /** Some path is matched by both patterns. */
    static boolean overlaps(String first, String second) {
        return overlaps(segments(first), segments(second));
    }

    static boolean overlaps(String[] first, String[] second) {
        boolean firstReserved = namesReserved(first);
        if (firstReserved != namesReserved(second)) {
            return false; // one matches only reserved paths, the other none
        }
        return firstReserved ? overlapsAll(first, second) : overlapsAll(outsideReserved(first), outsideReserved(second));
    }

    private static boolean namesReserved(String[] segments) {
        return segments.length > 0 && segments[0].equals(PathPattern.RESERVED);
    }

    /**
     * A pattern that does not name the reserved tree, rewritten so that the plain relations below
     * (which know nothing of the tree) give the right answer: its paths outside the tree are the
     * same, and any reserved path it still matches is one where a wildcard took {@code _SYSTEM},
     * which the same wildcard would take with any other name in its place. Only a leading
     * {@code **} right before a literal {@code _SYSTEM} needs a change: it must take one segment
     * at least ({@code /**}{@code /_SYSTEM/x} becomes {@code /*}{@code /**}{@code /_SYSTEM/x}).
     */
    private static String[] outsideReserved(String[] pattern) {
        int run = 0;
        while (run < pattern.length && pattern[run].equals(ANY)) {
            run++;
        }
        if (run == 0 || run == pattern.length || !pattern[run].equals(PathPattern.RESERVED)) {
            return pattern;
        }
        String[] rewritten = new String[pattern.length - run + 2];
        rewritten[0] = ONE;
        rewritten[1] = ANY;
        System.arraycopy(pattern, run, rewritten, 2, pattern.length - run);
        return rewritten;
    }

    /**
     * Whether {@code g} matches every path {@code r} matches, ignoring the reserved tree and the
     * empty path (no stored path has zero segments). A search over pairs of a position in
     * {@code r} and the set of positions {@code g} can be in after the same segments: a pair where
     * {@code r} is done and {@code g} is not is a path that {@code r} matches and {@code g} does
     * not. Segments {@code g} does not name behave alike, so one stands for all of them.
     */
    private static boolean coversAll(String[] g, String[] r) {
        if (r.length == 0) {
            return false; // a request that matches no path is refused, not vacuously granted
        }
        List<String> alphabet = new ArrayList<>();
        for (String segment : g) {
            if (!segment.equals(ONE) && !segment.equals(ANY) && !alphabet.contains(segment)) {
                alphabet.add(segment);
            }
        }
        alphabet.add(null); // any segment g does not name
        BitSet start = new BitSet(g.length + 1);
        start.set(0);
        Set<Search> seen = new HashSet<>();
        Deque<Search> todo = new ArrayDeque<>();
        Search first = new Search(0, closure(g, start), false);
        seen.add(first);
        todo.push(first);
        while (!todo.isEmpty()) {
            Search at = todo.pop();
            if (at.granted().isEmpty()) {
                return false; // g can match nothing more, and r can always go on to a path
            }
            if (at.requested() == r.length) {
                if (at.nonEmpty() && !at.granted().get(g.length)) {
                    return false;
                }
                continue;
            }
            String token = r[at.requested()];
            List<Search> next = new ArrayList<>();
            if (token.equals(ANY)) {
                next.add(new Search(at.requested() + 1, at.granted(), at.nonEmpty()));
                for (String segment : alphabet) {
                    next.add(new Search(at.requested(), step(g, at.granted(), segment), true));
                }
            } else if (token.equals(ONE)) {
                for (String segment : alphabet) {
                    next.add(new Search(at.requested() + 1, step(g, at.granted(), segment), true));
                }
            } else {
                next.add(new Search(at.requested() + 1, step(g, at.granted(), token), true));
            }
            for (Search search : next) {
                if (seen.add(search)) {
                    todo.push(search);
                }
            }
            if (seen.size() > MAX_SEARCH) {
                return false; // too intricate to decide in bounded time: refuse
            }
        }
        return true;
    }

    /** A position in the requested pattern, the positions the granted one may be at, and whether a segment was taken yet. */
    private record Search(int requested, BitSet granted, boolean nonEmpty) {
    }

    /** Where {@code g} may be after one more segment ({@code null}: a segment it does not name). */
    private static BitSet step(String[] g, BitSet from, String segment) {
        BitSet to = new BitSet(g.length + 1);
        for (int p = from.nextSetBit(0); p >= 0 && p < g.length; p = from.nextSetBit(p + 1)) {
            if (g[p].equals(ANY)) {
                to.set(p);
            } else if (g[p].equals(ONE) || g[p].equals(segment)) {
                to.set(p + 1);
            }
        }
        return closure(g, to);
    }

    /** Adds the positions after each {@code **}, which may take no segment. */
    private static BitSet closure(String[] g, BitSet positions) {
        for (int p = positions.nextSetBit(0); p >= 0 && p < g.length; p = positions.nextSetBit(p + 1)) {
            if (g[p].equals(ANY)) {
                positions.set(p + 1);
            }
        }
        return positions;
    }

    /**
     * Whether some path is matched by both, ignoring the reserved tree. Row {@code i} holds, for each
     * {@code j}, whether {@code a[i..]} and {@code b[j..]} share a path; it needs row {@code i + 1}
     * and its own later cells.
     */
    private static boolean overlapsAll(String[] a, String[] b) {
        if (a.length == 0 || b.length == 0) {
            return false; // "/" matches only the empty path, which no stored path is
        }
        int m = a.length;
        int n = b.length;
        boolean[] next = new boolean[n + 1];
        boolean[] row = new boolean[n + 1];
        for (int i = m; i >= 0; i--) {
            for (int j = n; j >= 0; j--) {
                boolean result;
                if (i < m && a[i].equals(ANY)) {
                    result = next[j] || (j < n && row[j + 1]);
                } else if (j < n && b[j].equals(ANY)) {
                    result = row[j + 1] || (i < m && next[j]);
                } else if (i == m || j == n) {
                    result = i == m && j == n;
                } else {
                    result = (a[i].equals(ONE) || b[j].equals(ONE) || a[i].equals(b[j])) && next[j + 1];
                }
                row[j] = result;
            }
            boolean[] done = next;
            next = row;
            row = done;
        }
        return next[0];
    }
}
