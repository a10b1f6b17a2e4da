package io.switchboard.system.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinearRegexTest {

    private static final LinearRegex.Bounds BOUNDS = new LinearRegex.Bounds(4096, 100, 10_000, "imsx");

    private static boolean finds(String pattern, String flags, String text) {
        return LinearRegex.compile(pattern, flags, BOUNDS).find(text);
    }

    @Test
    void aCatastrophicPatternForABacktrackingEngineFinishesAtOnce() {
        // java.util.regex needs over a minute for this (issue 11, item 7); RE2 is linear in the text
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(finds("(.*a){12}$", "", "a".repeat(40) + "b"));
            assertFalse(finds("(x+x+)+y", "", "x".repeat(100_000)));
            assertFalse(finds("^(a|a)*$", "", "a".repeat(100_000) + "!"));
        });
    }

    @ParameterizedTest(name = "{0} /{1}/ on [{2}]")
    @CsvSource(delimiter = '|', value = {
            "^t[13]$||t1|true",
            "^T|i|t2|true",
            "^T||t2|false",
            "^b$|m|a\\nb|true",
            "^b$||a\\nb|false",
            "a.b|s|a\\nb|true",
            "a.b||a\\nb|false",
            "a b c # letters, spaced out|x|abc|true",
            "a[ ]b|x|a b|true",
            "a\\ b|x|a b|true",
            "a\\#b # an escaped hash is a character|x|a#b|true",
            "ÄB|i|äb|true",
    })
    void theFlagsTheDocsPromise(String pattern, String flags, String text, boolean expected) {
        // a line break is written \n in the table, whose rows are lines
        assertEquals(expected, finds(pattern, flags == null ? "" : flags, text.replace("\\n", "\n")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(a)\\1|backreferences",
            "a(?=b)|lookahead",
            "a(?!b)|lookahead",
            "(?<=a)b|lookbehind",
            "(?<!a)b|lookbehind",
            "(?>a)|atomic groups",
            "a++|possessive",
            "a*+|possessive",
    })
    void syntaxThatNeedsBacktrackingIsRefusedSayingWhy(String pattern, String named) {
        LinearRegex.Invalid e = assertThrows(LinearRegex.Invalid.class, () -> LinearRegex.compile(pattern, "", BOUNDS));
        assertTrue(e.getMessage().contains(named) && e.getMessage().contains("linear time"), e.getMessage());
    }

    @Test
    void patternsTooLargeForLinearTimeAreRefusedBeforeTheyAreCompiled() {
        // RE2/J copies repetitions when it compiles: this one alone ran it out of memory
        for (String pattern : new String[] {"((a{1000}){1000}){1000}", "(a{101}){100}", "x".repeat(BOUNDS.maxChars() + 1),
                "(".repeat(BOUNDS.maxNesting() + 1) + "a" + ")".repeat(BOUNDS.maxNesting() + 1)}) {
            LinearRegex.Invalid e = assertThrows(LinearRegex.Invalid.class, () -> LinearRegex.compile(pattern, "", BOUNDS));
                assertTrue(e.getMessage().length() < 400, e.getMessage());
        }
        assertTrue(finds("(a{100}){99}", "", "a".repeat(9_900)));
        assertTrue(finds("\\p{L}{3}x{2,5}[{}]", "", "abcxx{"), "braces of escapes and classes are no repetitions");
    }

    @Test
    void unknownFlagsAreNamed() {
        LinearRegex.Invalid e = assertThrows(LinearRegex.Invalid.class, () -> LinearRegex.compile("a", "iq", BOUNDS));
        assertTrue(e.getMessage().contains("'q'"), e.getMessage());
    }

    @Test
    void eachCallerTakesOnlyItsOwnFlagsAndSizes() {
        LinearRegex.Bounds small = new LinearRegex.Bounds(16, 3, 100, "ims");
        LinearRegex.Invalid flag = assertThrows(LinearRegex.Invalid.class, () -> LinearRegex.compile("a b", "x", small));
        assertTrue(flag.getMessage().contains("'x'") && flag.getMessage().contains("i, m and s"), flag.getMessage());
        assertThrows(LinearRegex.Invalid.class, () -> LinearRegex.compile("a{101}", "", small));
        assertThrows(LinearRegex.Invalid.class, () -> LinearRegex.compile("((((a))))", "", small));
        assertTrue(LinearRegex.compile("^a{2,5}$", "i", small).find("AAA"));
    }
}
