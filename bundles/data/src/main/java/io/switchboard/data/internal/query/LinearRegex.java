package io.switchboard.data.internal.query;

import java.util.ArrayDeque;
import java.util.Deque;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;

/**
 * A {@code $regex} from a client, compiled with RE2/J: matching takes time linear in the text
 * whatever the pattern, so {@code (.*a){12}$} cannot pin a core the way a backtracking engine
 * lets it. The price is RE2's syntax: no backreferences, lookahead, lookbehind, atomic groups or
 * possessive quantifiers; those are refused with a message that says so.
 *
 * <p>The pattern is bounded too, before RE2/J sees it: its length, how deeply its groups nest,
 * and its size once counted repetitions are expanded ({@code (a{100}){100}} is 10,000 steps per
 * character), because RE2/J compiles repetitions by copying them and has no limit of its own.
 */
final class LinearRegex {

    static final int MAX_PATTERN_CHARS = 4096;
    static final int MAX_NESTING = 100;
    /** About RE2's own default: beyond it, both compiling and matching cost too much per query. */
    static final int MAX_SIZE = 10_000;

    private static final String LINEAR = "Switchboard matches regular expressions in linear time (RE2 syntax), "
            + "which has no backreferences, lookahead, lookbehind, atomic groups or possessive quantifiers";

    private final Pattern pattern;

    private LinearRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * @param flags any of {@code i} (case-insensitive), {@code m} (^ and $ at line ends),
     *              {@code s} (. matches a line end), {@code x} (whitespace and # comments ignored)
     * @throws SwitchboardException {@code data.invalid-regex}, saying what is wrong
     */
    static LinearRegex compile(String source, String flags) {
        int options = 0;
        boolean extended = false;
        for (char flag : flags.toCharArray()) {
            switch (flag) {
                case 'i' -> options |= Pattern.CASE_INSENSITIVE;
                case 'm' -> options |= Pattern.MULTILINE;
                case 's' -> options |= Pattern.DOTALL;
                case 'x' -> extended = true;
                default -> throw invalid("unknown $regex flag '" + flag + "'; the flags are i, m, s and x");
            }
        }
        if (source.length() > MAX_PATTERN_CHARS) {
            throw invalid("the $regex is " + source.length() + " characters long; the limit is " + MAX_PATTERN_CHARS);
        }
        String pattern = extended ? withoutWhitespaceAndComments(source) : source;
        checkSize(source, pattern);
        try {
            return new LinearRegex(Pattern.compile(pattern, options));
        } catch (PatternSyntaxException e) {
            throw invalid("invalid $regex '" + source + "': " + explain(e));
        }
    }

    /** Whether the pattern occurs in the text, reading it under the query's deadline. */
    boolean find(String text, Deadline deadline) {
        return pattern.matcher(deadline.watch(text)).find();
    }

    private static String explain(PatternSyntaxException e) {
        String fragment = e.getPattern();
        if (fragment.matches("\\\\[1-9].*") || fragment.startsWith("\\k")) {
            return "backreferences such as " + fragment + " are not supported: " + LINEAR;
        }
        if (fragment.startsWith("(?=") || fragment.startsWith("(?!")) {
            return "lookahead " + fragment + " is not supported: " + LINEAR;
        }
        if (fragment.startsWith("(?<=") || fragment.startsWith("(?<!")) {
            return "lookbehind is not supported: " + LINEAR;
        }
        if (fragment.startsWith("(?>")) {
            return "atomic groups (?>...) are not supported: " + LINEAR;
        }
        if (fragment.length() == 2 && "*+?}".indexOf(fragment.charAt(0)) >= 0 && fragment.charAt(1) == '+') {
            return "possessive quantifiers such as " + fragment + " are not supported: " + LINEAR;
        }
        return e.getDescription() + " at '" + fragment + "'";
    }

    // --- bounds, checked by a scan of the pattern that knows escapes, classes and counted repetitions

    /**
     * Fails when the pattern's groups nest deeper than {@link #MAX_NESTING} (RE2/J recurses over
     * them) or its estimated size is over {@link #MAX_SIZE}: each atom counts 1, times the counts of
     * the repetitions around it. Unbalanced brackets are left to RE2/J to report.
     */
    private static void checkSize(String source, String pattern) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: {size so far, size of the last atom}
        groups.push(new long[2]);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            long[] group = groups.peek();
            switch (c) {
                case '(' -> {
                    if (groups.size() > MAX_NESTING) {
                        throw invalid("the $regex nests groups more than " + MAX_NESTING + " deep");
                    }
                    groups.push(new long[2]);
                    i++;
                }
                case ')' -> {
                    i++;
                    if (groups.size() > 1) {
                        long inner = groups.pop()[0] + 1;
                        atom(groups.peek(), inner);
                    }
                }
                case '{' -> {
                    int end = pattern.indexOf('}', i);
                    long count = end < 0 ? -1 : repeatCount(pattern.substring(i + 1, end));
                    if (count < 0) {
                        atom(group, 1); // not a repetition: a literal '{'
                        i++;
                    } else {
                        group[0] = saturated(group[0] + group[1] * Math.max(count - 1, 0));
                        group[1] = saturated(group[1] * count);
                        i = end + 1;
                    }
                }
                case '*', '+', '?', '|' -> {
                    group[0] = saturated(group[0] + 1);
                    i++;
                }
                case '[' -> {
                    atom(group, 1);
                    i = classEnd(pattern, i);
                }
                case '\\' -> {
                    int end = escapeEnd(pattern, i);
                    atom(group, pattern.startsWith("\\Q", i) ? Math.max(1, end - i) : 1);
                    i = end;
                }
                default -> {
                    atom(group, 1);
                    i++;
                }
            }
            if (groups.getLast()[0] > MAX_SIZE) {
                break;
            }
        }
        long size = 0;
        for (long[] group : groups) {
            size = saturated(size + group[0]);
        }
        if (size > MAX_SIZE) {
            throw invalid("the $regex '" + abbreviated(source) + "' is too large: about " + (size > MAX_SIZE * 10L ? "more than " + MAX_SIZE * 10L : size)
                    + " steps per character, over the limit of " + MAX_SIZE + " (counted repetitions multiply: (a{100}){100} is 10,000)");
        }
    }

    private static void atom(long[] group, long size) {
        group[0] = saturated(group[0] + size);
        group[1] = size;
    }

    private static long saturated(long value) {
        return Math.min(value, MAX_SIZE * 100L);
    }

    /** The largest count of {@code {n}}, {@code {n,}} or {@code {n,m}} (its inside given), or -1 when it is no repetition. */
    private static long repeatCount(String inside) {
        if (!inside.matches("\\d{1,7}(,\\d{0,7})?")) {
            return -1;
        }
        int comma = inside.indexOf(',');
        long min = Long.parseLong(comma < 0 ? inside : inside.substring(0, comma));
        long max = comma < 0 || comma == inside.length() - 1 ? min : Long.parseLong(inside.substring(comma + 1));
        return Math.max(min, max);
    }

    /** The index after a character class that starts at {@code start} ({@code []a]} and {@code [^]a]} hold a ']'). */
    private static int classEnd(String pattern, int start) {
        int i = start + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i = escapeEnd(pattern, i);
            } else if (c == '[' && pattern.startsWith("[:", i) && pattern.indexOf(":]", i + 2) > 0) {
                i = pattern.indexOf(":]", i + 2) + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    /** The index after an escape that starts at {@code start}: {@code \x}, {@code \p{..}}, {@code \x{..}}, {@code \Q..\E}. */
    private static int escapeEnd(String pattern, int start) {
        if (start + 1 >= pattern.length()) {
            return pattern.length();
        }
        char kind = pattern.charAt(start + 1);
        if (kind == 'Q') {
            int end = pattern.indexOf("\\E", start + 2);
            return end < 0 ? pattern.length() : end + 2;
        }
        if ((kind == 'p' || kind == 'P' || kind == 'x') && start + 2 < pattern.length() && pattern.charAt(start + 2) == '{') {
            int end = pattern.indexOf('}', start + 3);
            return end < 0 ? pattern.length() : end + 1;
        }
        return start + 2;
    }

    // --- the x flag, which RE2 lacks

    /**
     * The pattern without the whitespace and {@code #} comments that the {@code x} flag ignores, as
     * MongoDB defines it: outside character classes, unescaped whitespace is dropped and an unescaped
     * {@code #} starts a comment to the end of the line.
     */
    static String withoutWhitespaceAndComments(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                int end = escapeEnd(pattern, i);
                out.append(pattern, i, end);
                i = end;
            } else if (c == '[') {
                int end = classEnd(pattern, i);
                out.append(pattern, i, end);
                i = end;
            } else if (c == '#') {
                int newline = pattern.indexOf('\n', i);
                i = newline < 0 ? pattern.length() : newline + 1;
            } else {
                if (!Character.isWhitespace(c)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(DataErrors.INVALID_REGEX, message);
    }
}
