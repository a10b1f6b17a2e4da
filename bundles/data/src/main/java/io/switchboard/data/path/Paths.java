package io.switchboard.data.path;

import io.switchboard.api.errors.SwitchboardException;

/**
 * Validation of paths and patterns.
 *
 * <p>Allowed characters in a segment: ASCII letters and digits, space, and
 * {@code ( ) { } + = & : % @ . _ - ~ $ , !}. Paths are case-sensitive, at most
 * {@value #MAX_LENGTH} characters long. The set is the original happn set (without tabs and line
 * breaks) so that paths users already have keep working, and every character in it is safe in a URL
 * path once percent-encoded.
 */
public final class Paths {

    /** The longest path or pattern accepted. */
    public static final int MAX_LENGTH = 1024;
    /**
     * The most segments a path or pattern may have.
     *
     * @since 1.1
     */
    public static final int MAX_SEGMENTS = 128;

    /** Error code: the path breaks the syntax rules. */
    public static final String INVALID_PATH = "data.invalid-path";
    /** Error code: a path that is written ({@code set}, {@code increment}, {@code publish}) contains a wildcard. */
    public static final String WILDCARD_IN_PATH = "data.wildcard-in-path";
    /** Error code: a pattern uses a wildcard inside a segment, such as {@code /a/b*}. */
    public static final String INVALID_PATTERN = "data.invalid-pattern";
    /**
     * Error code: a path or pattern is longer than {@value #MAX_LENGTH} characters or has more than
     * {@value #MAX_SEGMENTS} segments.
     *
     * @since 1.1
     */
    public static final String PATH_TOO_LONG = "data.path-too-long";

    private static final String RULE = "a path starts with '/', has no empty segment and uses only letters, digits, space and ( ) { } + = & : % @ . _ - ~ $ , !";

    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        for (char c : " (){}+=&:%@._-~$,!".toCharArray()) {
            ALLOWED[c] = true;
        }
    }

    private Paths() {
    }

    /**
     * Checks a path that is about to be written: no wildcard segment allowed.
     *
     * @return the path, unchanged
     * @throws SwitchboardException {@value #INVALID_PATH} or {@value #WILDCARD_IN_PATH}
     */
    public static String requireWritable(String path) {
        if (check(path, false) != 0) {
            throw new SwitchboardException(WILDCARD_IN_PATH,
                    "path '" + path + "' contains a wildcard; this operation takes an exact path ('*' and '**' are for find, count, remove and subscriptions)");
        }
        return path;
    }

    /**
     * Checks a path or pattern used to read, count, remove or subscribe.
     *
     * @return the pattern, unchanged
     * @throws SwitchboardException {@value #INVALID_PATH} or {@value #INVALID_PATTERN}
     */
    public static String requirePattern(String pattern) {
        check(pattern, true);
        return pattern;
    }

    /**
     * Checks only the bounds of a path or pattern ({@value #MAX_LENGTH} characters,
     * {@value #MAX_SEGMENTS} segments), in time proportional to the bounds, not to the input. Every
     * other check here starts with it; code that walks a client's path before it is validated (a
     * permission check, for example) calls it first.
     *
     * @return the path, unchanged
     * @throws SwitchboardException {@value #PATH_TOO_LONG}
     * @since 1.1
     */
    public static String requireWithinLimits(String path) {
        if (path == null) {
            return null;
        }
        if (path.length() > MAX_LENGTH) {
            throw new SwitchboardException(PATH_TOO_LONG, "the path '" + path.substring(0, 40) + "...' is " + path.length()
                    + " characters long; a path has at most " + MAX_LENGTH + " characters and " + MAX_SEGMENTS + " segments");
        }
        int segments = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                segments++;
            }
        }
        if (segments > MAX_SEGMENTS) {
            throw new SwitchboardException(PATH_TOO_LONG, "the path '" + (path.length() > 40 ? path.substring(0, 40) + "..." : path)
                    + "' has " + segments + " segments; a path has at most " + MAX_SEGMENTS + " segments and " + MAX_LENGTH + " characters");
        }
        return path;
    }

    /** True when the (valid) path has a {@code *} or {@code **} segment. */
    public static boolean isPattern(String path) {
        return path.indexOf('*') >= 0;
    }

    /** Returns the number of wildcard segments; throws on anything that is neither path nor pattern. */
    private static int check(String path, boolean patternAllowed) {
        requireWithinLimits(path);
        if (path == null || path.isEmpty()) {
            throw invalid(path, "it is empty");
        }
        int length = path.length();
        if (path.charAt(0) != '/') {
            throw invalid(path, "it does not start with '/'");
        }
        if (length == 1) {
            throw invalid(path, "it has no segment");
        }
        int wildcards = 0;
        int segmentStart = 1;
        for (int i = 1; i <= length; i++) {
            char c = i == length ? '/' : path.charAt(i);
            if (c == '/') {
                int segmentLength = i - segmentStart;
                if (segmentLength == 0) {
                    throw invalid(path, i == length ? "it ends with '/'" : "it has an empty segment (//)");
                }
                wildcards += wildcardSegment(path, segmentStart, i, patternAllowed);
                segmentStart = i + 1;
            } else if (c != '*' && (c >= 128 || !ALLOWED[c])) {
                throw invalid(path, "character '" + printable(c) + "' at " + i + " is not allowed");
            }
        }
        return wildcards;
    }

    private static int wildcardSegment(String path, int start, int end, boolean patternAllowed) {
        int stars = 0;
        for (int i = start; i < end; i++) {
            if (path.charAt(i) == '*') {
                stars++;
            }
        }
        if (stars == 0) {
            return 0;
        }
        boolean whole = stars == end - start && stars <= 2;
        if (!whole) {
            throw new SwitchboardException(patternAllowed ? INVALID_PATTERN : WILDCARD_IN_PATH,
                    "'" + path + "' has a wildcard inside the segment '" + path.substring(start, end)
                            + "'; '*' (one segment) and '**' (any number of segments) must stand alone between slashes");
        }
        return 1;
    }

    private static String printable(char c) {
        return c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static SwitchboardException invalid(String path, String problem) {
        return new SwitchboardException(INVALID_PATH, "invalid path '" + path + "': " + problem + "; " + RULE);
    }
}
