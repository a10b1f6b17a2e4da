package io.switchboard.bus.internal.route;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/**
 * A filter's regex, compiled with RE2/J as the data store's {@code $regex} is: matching takes time
 * linear in the text whatever the pattern. Its compiled size is bounded too, simply: the pattern is
 * at most {@value #MAX_PATTERN_CHARS} characters and has no counted repetition ({@code {n,m}}),
 * which RE2/J compiles by copying ({@code (a{100}){100}} is 10,000 steps per character). A filter
 * runs once per message and rule, so it stays small.
 */
final class BoundedRegex {

    static final int MAX_PATTERN_CHARS = 256;
    private static final String LINEAR = "filters match regular expressions in linear time (RE2 syntax), without backreferences, lookaround"
            + " or possessive quantifiers";

    private final Pattern pattern;

    private BoundedRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @param flags any of {@code i} (case-insensitive), {@code m} (^ and $ at line ends), {@code s} (. matches a line end) */
    static BoundedRegex compile(String source, String flags) {
        int options = 0;
        for (char flag : flags.toCharArray()) {
            switch (flag) {
                case 'i' -> options |= Pattern.CASE_INSENSITIVE;
                case 'm' -> options |= Pattern.MULTILINE;
                case 's' -> options |= Pattern.DOTALL;
                default -> throw invalid("unknown regex flag '" + flag + "'; the flags are i, m and s");
            }
        }
        if (source.length() > MAX_PATTERN_CHARS) {
            throw invalid("the regex is " + source.length() + " characters long; the limit is " + MAX_PATTERN_CHARS);
        }
        if (hasCountedRepetition(source)) {
            throw invalid("counted repetitions such as {2,5} are not allowed in a filter's regex; write the pattern out or use * and +");
        }
        try {
            return new BoundedRegex(Pattern.compile(source, options));
        } catch (PatternSyntaxException e) {
            throw invalid("the regex '" + BusErrors.shown(source) + "' is not valid (" + LINEAR + "): " + e.getDescription() + " at '"
                    + BusErrors.shown(e.getPattern()) + "'");
        }
    }

    boolean find(String text) {
        return pattern.matcher(text).find();
    }

    /** A '{' that is not escaped and not inside a character class starts a counted repetition (or a literal, refused all the same). */
    private static boolean hasCountedRepetition(String source) {
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < source.length() && source.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '{') {
                return true;
            }
        }
        return false;
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(BusErrors.INVALID_REGEX, message);
    }
}
