package io.switchboard.system.regex;

import java.util.ArrayDeque;
import java.util.Deque;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A regular expression from a client, compiled with RE2/J: matching takes time linear in the text
 * whatever the pattern, so {@code (.*a){12}$} cannot pin a core the way a backtracking engine lets
 * it. The price is RE2's syntax: no backreferences, lookahead, lookbehind, atomic groups or
 * possessive quantifiers; those are refused with a message that says so. The data store's
 * {@code $regex} and the bus's filters both compile theirs here, each with its own {@link Bounds}.
 *
 * <p>The pattern is bounded before RE2/J sees it: its length, how deeply its groups nest, and its
 * size once counted repetitions are expanded ({@code (a{100}){100}} is 10,000 steps per character),
 * because RE2/J compiles repetitions by copying them and has no limit of its own. RE2/J stays private
 * to this bundle: nothing of it shows in this class's methods.
 */
public final class LinearRegex {

    private static final String LINEAR = "Switchboard matches regular expressions in linear time (RE2 syntax), "
            + "which has no backreferences, lookahead, lookbehind, atomic groups or possessive quantifiers";

    /**
     * What a caller allows.
     *
     * @param maxChars   the longest pattern, in characters
     * @param maxNesting how deeply groups may nest
     * @param maxSize    the largest size once counted repetitions are expanded (RE2's own default is about 10,000)
     * @param flags      the flags a caller takes, of {@code i} (case-insensitive), {@code m} (^ and $ at line
     *                   ends), {@code s} (. matches a line end) and {@code x} (whitespace and # comments ignored)
     */
    public record Bounds(int maxChars, int maxNesting, int maxSize, String flags) {
    }

    /** A pattern refused; its message says why, in words a client can act on. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private final Pattern pattern;

    private LinearRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws Invalid naming what is wrong: an unknown flag, a pattern over the bounds, or one RE2 does not take */
    public static LinearRegex compile(String source, String flags, Bounds bounds) {
        int options = 0;
        boolean extended = false;
        for (char flag : flags.toCharArray()) {
            if (bounds.flags().indexOf(flag) < 0) {
                throw new Invalid("unknown regex flag '" + flag + "'; the flags are " + listed(bounds.flags()));
            }
            switch (flag) {
                case 'i' -> options |= Pattern.CASE_INSENSITIVE;
                case 'm' -> options |= Pattern.MULTILINE;
                case 's' -> options |= Pattern.DOTALL;
                case 'x' -> extended = true;
                default -> throw new Invalid("unknown regex flag '" + flag + "'; the flags are " + listed(bounds.flags()));
            }
        }
        if (source.length() > bounds.maxChars()) {
            throw new Invalid("the regex is " + source.length() + " characters long; the limit is " + bounds.maxChars());
        }
        String pattern = extended ? withoutWhitespaceAndComments(source) : source;
        checkSize(source, pattern, bounds);
        try {
            return new LinearRegex(Pattern.compile(pattern, options));
        } catch (PatternSyntaxException e) {
            throw new Invalid("invalid regex '" + abbreviated(source) + "': " + explain(e));
        }
    }

    /** Whether the pattern occurs in the text (a caller may give a text that checks a deadline as it is read). */
    public boolean find(CharSequence text) {
        return pattern.matcher(text).find();
    }

    private static String listed(String flags) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < flags.length(); i++) {
            out.append(i == 0 ? "" : i == flags.length() - 1 ? " and " : ", ").append(flags.charAt(i));
        }
        return out.toString();
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
     * Fails when the pattern's groups nest deeper than the bounds allow (RE2/J recurses over them)
     * or its estimated size is over theirs: each atom counts 1, times the counts of
     * the repetitions around it. Unbalanced brackets are left to RE2/J to report.
     */
    private static void checkSize(String source, String pattern, Bounds bounds) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: {size so far, size of the last atom}
        groups.push(new long[2]);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            long[] group = groups.peek();
            switch (c) {
                case '(' -> {
                    if (groups.size() > bounds.maxNesting()) {
                        throw new Invalid("the regex nests groups more than " + bounds.maxNesting() + " deep");
                    }
                    groups.push(new long[2]);
                    i++;
                }
                case ')' -> {
                    i++;
                    if (groups.size() > 1) {
                        long inner = groups.pop()[0] + 1;
                        atom(groups.peek(), inner, bounds);
                    }
                }
                case '{' -> {
                    int end = pattern.indexOf('}', i);
                    long count = end < 0 ? -1 : repeatCount(pattern.substring(i + 1, end));
                    if (count < 0) {
                        atom(group, 1, bounds); // not a repetition: a literal '{'
                        i++;
                    } else {
                        group[0] = saturated(group[0] + group[1] * Math.max(count - 1, 0), bounds);
                        group[1] = saturated(group[1] * count, bounds);
                        i = end + 1;
                    }
                }
                case '*', '+', '?', '|' -> {
                    group[0] = saturated(group[0] + 1, bounds);
                    i++;
                }
                case '[' -> {
                    atom(group, 1, bounds);
                    i = classEnd(pattern, i);
                }
                case '\\' -> {
                    int end = escapeEnd(pattern, i);
                    atom(group, pattern.startsWith("\\Q", i) ? Math.max(1, end - i) : 1, bounds);
                    i = end;
                }
                default -> {
                    atom(group, 1, bounds);
                    i++;
                }
            }
            if (groups.getLast()[0] > bounds.maxSize()) {
                break;
            }
        }
        long size = 0;
        for (long[] group : groups) {
            size = saturated(size + group[0], bounds);
        }
        long max = bounds.maxSize();
        if (size > max) {
            throw new Invalid("the regex '" + abbreviated(source) + "' is too large: about " + (size > max * 10L ? "more than " + max * 10L : size)
                    + " steps per character, over the limit of " + max + " (counted repetitions multiply: (a{100}){100} is 10,000)");
        }
    }

    private static void atom(long[] group, long size, Bounds bounds) {
        group[0] = saturated(group[0] + size, bounds);
        group[1] = size;
    }

    private static long saturated(long value, Bounds bounds) {
        return Math.min(value, bounds.maxSize() * 100L);
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
}
