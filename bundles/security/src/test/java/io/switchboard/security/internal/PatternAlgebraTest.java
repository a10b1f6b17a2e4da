package io.switchboard.security.internal;

import static io.switchboard.security.internal.PatternAlgebra.covers;
import static io.switchboard.security.internal.PatternAlgebra.overlaps;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
