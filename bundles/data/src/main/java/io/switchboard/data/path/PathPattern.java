package io.switchboard.data.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled path pattern: {@code *} matches exactly one segment, {@code **} zero or more segments,
 * any other segment matches itself (case-sensitive). A path without wildcards is a pattern that
 * matches only itself.
 *
 * <p>The reserved tree: a path whose first segment is {@value #RESERVED} (the runtime's own data:
 * users, groups, caches) is matched only by a pattern whose first segment is literally
 * {@value #RESERVED}. Wildcards never reach it, as a shell glob never matches a dotfile: {@code /**},
 * {@code /*} and {@code /**}{@code /x} leave {@code /_SYSTEM/...} out, for everyone, in gets, finds,
 * counts, removes and subscriptions alike, so that {@code remove /**} never wipes the directory.
 * {@link #reachesReserved(String)} is that one rule for matchers that do not use this class.
 *
 * <p>Matching walks the path in place (no splitting, no regex), so it is cheap enough to run once
 * per stored document in a scan. Instances are immutable and thread-safe.
 */
public final class PathPattern {

    private static final String ONE = "*";
    private static final String ANY = "**";
    /** The first segment of the reserved tree. */
    public static final String RESERVED = "_SYSTEM";

    /**
     * True when a pattern with this first segment may match a path with this first segment, as far
     * as the reserved tree goes: the path's first segment is not {@value #RESERVED}, or the
     * pattern's first segment is {@value #RESERVED} itself. The subscription index and permission
     * decisions apply the rule through this method.
     *
     * @param path a path (its first segment is what counts)
     * @param patternNamesReserved whether the pattern's first segment is literally {@value #RESERVED}
     */
    public static boolean reachesReserved(String path, boolean patternNamesReserved) {
        return patternNamesReserved || !isReserved(path);
    }

    /** True when the path's (or pattern's) first segment is literally {@value #RESERVED}. */
    public static boolean isReserved(String path) {
        int end = 1 + RESERVED.length();
        return path.startsWith(RESERVED, 1) && path.charAt(0) == '/' && (path.length() == end || path.charAt(end) == '/');
    }

    private final String source;
    private final String[] segments;
    private final boolean exact;
    private final String literalPrefix;
    private final boolean namesReserved;

    private PathPattern(String source) {
        this.source = source;
        this.segments = split(source);
        this.exact = !Paths.isPattern(source);
        this.literalPrefix = literalPrefix(segments, exact, source);
        this.namesReserved = isReserved(source);
    }

    /**
     * Compiles a pattern after validating it.
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@code data.invalid-path} or {@code data.invalid-pattern}
     */
    public static PathPattern compile(String pattern) {
        return new PathPattern(Paths.requirePattern(pattern));
    }

    /** The pattern as written. */
    public String source() {
        return source;
    }

    /** True when the pattern has no wildcard, so it matches exactly one path. */
    public boolean isExact() {
        return exact;
    }

    /** The segments of the pattern, wildcards included. */
    public List<String> segments() {
        return List.of(segments);
    }

    /**
     * Every path this pattern matches starts with this string: the literal segments before the first
     * wildcard, without a trailing slash ({@code /a/b} for {@code /a/b/**}, empty for
     * {@code /*}). Sorted stores use it to scan a key range instead of everything.
     */
    public String literalPrefix() {
        return literalPrefix;
    }

    /**
     * Whether the path matches, the reserved tree left out unless the pattern names it. The path is
     * not validated here; callers pass stored paths, which were validated when written.
     */
    public boolean matches(String path) {
        return matches(path, Integer.MAX_VALUE);
    }

    /**
     * Whether the path matches with every {@code **} consuming at most {@code depth} segments; the
     * subscription {@code depth} option.
     */
    public boolean matches(String path, int depth) {
        if (exact) {
            return source.equals(path);
        }
        return reachesReserved(path, namesReserved) && matchesFrom(path, 1, 0, depth);
    }

    /**
     * Whether the path is in this pattern's range with the reserved tree included: for choosing the
     * storage provider that holds a path ({@code /**} is the default provider's range for every
     * path), never for deciding what a request reaches.
     */
    public boolean matchesForRouting(String path) {
        if (exact) {
            return source.equals(path);
        }
        return matchesFrom(path, 1, 0, Integer.MAX_VALUE);
    }

    /*
     * Classic glob matching over segments with one backtracking point: on a mismatch we return to
     * the most recent '**' and let it swallow one more segment. Correct because '**' matches any
     * sequence of segments, so only the last one needs revisiting.
     */
    private boolean matchesFrom(String path, int pos, int seg, int depth) {
        int length = path.length();
        int starSeg = -1;
        int starPos = -1;
        int starConsumed = 0;
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        while (pos <= length) {
            if (pos == length && seg == segments.length) {
                return true;
            }
            if (seg < segments.length && segments[seg].equals(ANY)) {
                starSeg = seg;
                starPos = pos;
                starConsumed = 0;
                seg++;
                continue;
            }
            if (pos < length && seg < segments.length) {
                int end = path.indexOf('/', pos);
                if (end < 0) {
                    end = length;
                }
                String want = segments[seg];
                if (end > pos && (want.equals(ONE) || want.length() == end - pos && path.regionMatches(pos, want, 0, end - pos))) {
                    seg++;
                    pos = end == length ? length : end + 1;
                    if (end == length && seg < segments.length) {
                        // the path is used up; only trailing '**' segments may remain
                        return onlyAnyRemain(seg);
                    }
                    continue;
                }
            }
            if (starSeg < 0 || starPos >= length || starConsumed >= depth) {
                return false;
            }
            // let the last '**' swallow one more segment of the path and retry after it
            int end = path.indexOf('/', starPos);
            starPos = end < 0 ? length : end + 1;
            starConsumed++;
            if (end < 0) {
                return onlyAnyRemain(starSeg + 1);
            }
            pos = starPos;
            seg = starSeg + 1;
        }
        return false;
    }

    private boolean onlyAnyRemain(int from) {
        for (int i = from; i < segments.length; i++) {
            if (!segments[i].equals(ANY)) {
                return false;
            }
        }
        return true;
    }

    private static String[] split(String source) {
        List<String> parts = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= source.length(); i++) {
            if (i == source.length() || source.charAt(i) == '/') {
                parts.add(source.substring(start, i));
                start = i + 1;
            }
        }
        return parts.toArray(String[]::new);
    }

    private static String literalPrefix(String[] segments, boolean exact, String source) {
        if (exact) {
            return source;
        }
        StringBuilder prefix = new StringBuilder();
        for (String segment : segments) {
            if (segment.equals(ONE) || segment.equals(ANY)) {
                break;
            }
            prefix.append('/').append(segment);
        }
        return prefix.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern p && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source);
    }

    @Override
    public String toString() {
        return source;
    }
}
