package io.switchboard.data.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.switchboard.api.errors.SwitchboardException;

class PathPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "/a/b, /a/b, true",
            "/a/b, /a/B, false",
            "/a/b, /a/b/c, false",
            "/a/*, /a/b, true",
            "/a/*, /a/b/c, false",
            "/a/*, /a, false",
            "/*, /x, true",
            "/*, /x/y, false",
            "/a/*/c, /a/b/c, true",
            "/a/*/c, /a/b/d, false",
            "/a/**, /a, true",
            "/a/**, /a/b, true",
            "/a/**, /a/b/c/d/e/f/g, true",
            "/a/**, /ab, false",
            "/a/**, /b/a, false",
            "/**, /anything/at/all, true",
            "/**/c, /c, true",
            "/**/c, /a/b/c, true",
            "/**/c, /a/b/c/d, false",
            "/a/**/z, /a/z, true",
            "/a/**/z, /a/b/c/z, true",
            "/a/**/z, /a/b/c/y, false",
            "/**/b/c, /b/c/b/c, true",
            "/**/x/**, /a/x/b, true",
            "/**/x/**, /a/y/b, false",
            "/a/*/**, /a, false",
            "/a/*/**, /a/b, true",
            "/a/*/**, /a/b/c/d, true",
    })
    void matchesWholeSegmentsOnly(String pattern, String path, boolean expected) {
        assertEquals(expected, PathPattern.compile(pattern).matches(path));
    }

    /** The reserved tree is reached only by patterns that name it as their first segment. */
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "/**, /_SYSTEM, false",
            "/**, /_SYSTEM/security/users/ann, false",
            "/*, /_SYSTEM, false",
            "/*/security/**, /_SYSTEM/security/users/ann, false",
            "/**/users/*, /_SYSTEM/security/users/ann, false",
            "/**/_SYSTEM/**, /_SYSTEM/x, false",
            "/**, /a/_SYSTEM/x, true",
            "/*/_SYSTEM, /a/_SYSTEM, true",
            "/**, /_SYSTEMS/x, true",
            "/**, /_SYSTE, true",
            "/_SYSTEM/**, /_SYSTEM/security/users/ann, true",
            "/_SYSTEM/*/users/*, /_SYSTEM/security/users/ann, true",
            "/_SYSTEM, /_SYSTEM, true",
    })
    void wildcardsNeverReachTheReservedTree(String pattern, String path, boolean expected) {
        assertEquals(expected, PathPattern.compile(pattern).matches(path));
        assertEquals(expected, PathPattern.compile(pattern).matches(path, 100));
    }

    @Test
    void routingSeesTheReservedTreeToo() {
        assertTrue(PathPattern.compile("/**").matchesForRouting("/_SYSTEM/security/users/ann"), "the default provider stores it");
        assertFalse(PathPattern.compile("/a/**").matchesForRouting("/_SYSTEM/a"));
    }

    @Test
    void depthLimitsHowManySegmentsDoubleStarTakes() {
        PathPattern p = PathPattern.compile("/w/a/**");
        assertTrue(p.matches("/w/a/1", 2));
        assertTrue(p.matches("/w/a/1/2", 2));
        assertFalse(p.matches("/w/a/1/2/3", 2));
        assertTrue(p.matches("/w/a/1/2/3/4/5/6/7"));
    }

    @Test
    void literalPrefixIsWhatEveryMatchStartsWith() {
        assertEquals("/a/b", PathPattern.compile("/a/b/*").literalPrefix());
        assertEquals("/a", PathPattern.compile("/a/**/c").literalPrefix());
        assertEquals("", PathPattern.compile("/**").literalPrefix());
        assertEquals("/a/b", PathPattern.compile("/a/b").literalPrefix());
        assertTrue(PathPattern.compile("/a/b").isExact());
        assertFalse(PathPattern.compile("/a/*").isExact());
    }

    @Test
    void wildcardInsideASegmentIsRejected() {
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> PathPattern.compile("/w*"));
        assertEquals("data.invalid-pattern", e.code());
        assertTrue(e.getMessage().contains("/w*"));
        assertEquals("data.invalid-pattern", assertThrows(SwitchboardException.class, () -> PathPattern.compile("/a/***")).code());
    }
}
