package io.switchboard.security.internal;

import static io.switchboard.security.internal.PatternAlgebra.covers;
import static io.switchboard.security.internal.PatternAlgebra.overlaps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.switchboard.data.path.PathPattern;

class PatternAlgebraTest {

    @Test
    void aGrantCoversExactPathsItMatches() {
        assertTrue(covers("/a/**", "/a/b/c"));
        assertTrue(covers("/a/**", "/a"));
        assertTrue(covers("/a/*", "/a/b"));
        assertFalse(covers("/a/*", "/a/b/c"));
        assertFalse(covers("/a/b", "/a/c"));
    }

    @Test
    void aGrantCoversAPatternOnlyWhenEveryMatchIsGranted() {
        assertTrue(covers("/a/**", "/a/*"));
        assertTrue(covers("/a/**", "/a/**"));
        assertTrue(covers("/a/*", "/a/*"));
        assertFalse(covers("/a/*", "/a/**"), "** can reach deeper than *");
        assertFalse(covers("/a/b/*", "/a/*"), "the request is broader");
        assertFalse(covers("/a/*/c", "/a/*/*"));
        assertTrue(covers("/**", "/anything/**"));
    }

    @Test
    void prohibitionsOverlapAnyRequestThatCanReachThem() {
        assertTrue(overlaps("/a/secret/**", "/a/**"));
        assertTrue(overlaps("/a/secret/**", "/a/*/x"));
        assertTrue(overlaps("/a/*", "/*/b"));
        assertFalse(overlaps("/a/secret/**", "/a/public/*"));
        assertFalse(overlaps("/a/b", "/a/b/c"));
        assertTrue(overlaps("/**", "/x"));
    }

    @Test
    void wildcardsNeverReachTheReservedTree() {
        assertFalse(covers("/**", "/_SYSTEM/security/users/ann"), "a grant on /** does not reach /_SYSTEM");
        assertFalse(covers("/*/security/**", "/_SYSTEM/security/users/ann"));
        assertTrue(covers("/_SYSTEM/**", "/_SYSTEM/security/users/ann"));
        assertFalse(covers("/_SYSTEM/**", "/**"), "/** matches paths outside the tree");
        assertTrue(covers("/**", "/**/_SYSTEM/x"), "a pattern that does not name the tree first never reaches it");
        assertTrue(covers("/*/**/_SYSTEM", "/**/_SYSTEM"), "so /**/_SYSTEM needs one segment before _SYSTEM");
        assertFalse(overlaps("/_SYSTEM/**", "/**"), "a prohibition on the tree says nothing of /**");
        assertFalse(overlaps("/_SYSTEM/security/**", "/*/security/users/*"));
        assertTrue(overlaps("/_SYSTEM/security/**", "/_SYSTEM/*/users/*"));
        assertFalse(overlaps("/**/_SYSTEM", "/*"), "/_SYSTEM itself is the only common path, and it is reserved");
    }

    @Test
    void aHundredThousandSegmentsCostNoStack() {
        String deep = "/a" + "/b".repeat(100_000);
        assertTrue(covers("/a/**", deep));
        assertFalse(covers("/a/*", deep));
        assertTrue(overlaps("/**/b", deep));
        assertFalse(overlaps(deep + "/c", "/a/**/d"));
        assertTrue(covers("/**", deep.replace("/b", "/*")));
    }

    /**
     * The relations agree with the data store's matcher on every path up to a length where a
     * witness must exist: for random patterns of one to three segments over a small alphabet (with _SYSTEM in it), covers is
     * "every path the request matches, the grant matches" and overlaps is "a path both match".
     */
    @Test
    void agreeWithTheStoresMatcherOnRandomPatterns() {
        long seed = 20_261_211L;
        Random random = new Random(seed);
        String[] alphabet = {"a", "b", "_SYSTEM", "*", "**"};
        for (int round = 0; round < 2_000; round++) {
            String first = pattern(random, alphabet);
            String second = pattern(random, alphabet);
            List<String> paths = paths(new String[] {"a", "b", "_SYSTEM", "z"}, PatternAlgebra.segments(first).length
                    + PatternAlgebra.segments(second).length + 1);
            PathPattern p = PathPattern.compile(first);
            PathPattern q = PathPattern.compile(second);
            boolean expectedCovers = paths.stream().noneMatch(path -> q.matches(path) && !p.matches(path));
            boolean expectedOverlaps = paths.stream().anyMatch(path -> p.matches(path) && q.matches(path));
            String context = " (seed " + seed + ", round " + round + ")";
            assertEquals(expectedCovers, covers(first, second), "covers(" + first + ", " + second + ")" + context);
            assertEquals(expectedOverlaps, overlaps(first, second), "overlaps(" + first + ", " + second + ")" + context);
        }
    }

    private static String pattern(Random random, String[] alphabet) {
        StringBuilder pattern = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            pattern.append('/').append(alphabet[random.nextInt(alphabet.length)]);
        }
        return pattern.toString();
    }

    /** Every path of 1 to {@code maxLength} segments over the words. */
    private static List<String> paths(String[] words, int maxLength) {
        List<String> paths = new ArrayList<>();
        List<String> layer = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> longer = new ArrayList<>();
            for (String prefix : layer) {
                for (String word : words) {
                    longer.add(prefix + "/" + word);
                }
            }
            paths.addAll(longer);
            layer = longer;
        }
        return paths;
    }
}
