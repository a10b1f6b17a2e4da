package io.switchboard.data.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.switchboard.api.errors.SwitchboardException;

class PathsTest {

    @ParameterizedTest
    @ValueSource(strings = { "/a", "/a/b/c", "/_SYSTEM/x", "/with space/(x){y}+=&:%@._-~$,!", "/UPPER/lower/123" })
    void acceptsTheDocumentedCharacters(String path) {
        assertEquals(path, Paths.requireWritable(path));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a/b", "/", "/a/", "/a//b", "/a/b?", "/a#b", "/ä", "/a\tb", "" })
    void rejectsBadPathsNamingThePathAndTheRule(String path) {
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> Paths.requireWritable(path));
        assertEquals("data.invalid-path", e.code());
        assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("starts with '/'"), e.getMessage());
    }

    @Test
    void nullIsAnInvalidPath() {
        assertEquals("data.invalid-path", assertThrows(SwitchboardException.class, () -> Paths.requireWritable(null)).code());
    }

    @Test
    void aPathTooLongOrWithTooManySegmentsHasItsOwnCode() {
        assertEquals("/" + "a".repeat(Paths.MAX_LENGTH - 1), Paths.requireWritable("/" + "a".repeat(Paths.MAX_LENGTH - 1)));
        assertEquals("/a".repeat(Paths.MAX_SEGMENTS), Paths.requirePattern("/a".repeat(Paths.MAX_SEGMENTS)));
        for (String path : new String[] {"/" + "a".repeat(Paths.MAX_LENGTH), "/a".repeat(Paths.MAX_SEGMENTS + 1), "/**".repeat(100_000)}) {
            SwitchboardException e = assertThrows(SwitchboardException.class, () -> Paths.requirePattern(path));
            assertEquals("data.path-too-long", e.code());
            assertTrue(e.getMessage().length() < 300, "the message does not repeat the path: " + e.getMessage());
        }
    }

    @Test
    void theBoundsAreCheckedBeforeAnythingElse() {
        // a 100,000-segment path with a bad character: the bound is what it hears about first
        String path = "/a?".repeat(100_000);
        assertEquals("data.path-too-long", assertThrows(SwitchboardException.class, () -> Paths.requireWritable(path)).code());
        assertEquals("data.path-too-long", assertThrows(SwitchboardException.class, () -> Paths.requireWithinLimits(path)).code());
        assertEquals("/a/b", Paths.requireWithinLimits("/a/b"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/a/*", "/**", "/a/b*" })
    void writtenPathsMayNotHaveWildcards(String path) {
        assertEquals("data.wildcard-in-path", assertThrows(SwitchboardException.class, () -> Paths.requireWritable(path)).code());
    }

    @Test
    void patternsMayHaveWholeSegmentWildcards() {
        assertEquals("/a/*/b/**", Paths.requirePattern("/a/*/b/**"));
        assertTrue(Paths.isPattern("/a/*"));
    }
}
