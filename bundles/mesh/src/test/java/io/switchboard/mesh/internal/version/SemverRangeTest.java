package io.switchboard.mesh.internal.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;

class SemverRangeTest {

    @Test
    void caretTildeExactAndCompoundRangesAreSemver4jRanges() {
        assertTrue(SemverRange.parse("^1.0.0").includes(Versions.parse("1.9.3")));
        assertFalse(SemverRange.parse("^1.0.0").includes(Versions.parse("2.0.0")));
        assertTrue(SemverRange.parse("~1.1.0").includes(Versions.parse("1.1.7")));
        assertFalse(SemverRange.parse("~1.1.0").includes(Versions.parse("1.2.0")));
        assertTrue(SemverRange.parse("1.0.0").includes(Versions.parse("1.0.0")));
        assertFalse(SemverRange.parse("1.0.0").includes(Versions.parse("1.0.1")));
        SemverRange compound = SemverRange.parse(">=1.0.0 <1.2.0 || >=3.0.0");
        assertTrue(compound.includes(Versions.parse("1.1.0")));
        assertFalse(compound.includes(Versions.parse("2.0.0")));
        assertTrue(compound.includes(Versions.parse("3.4.0")));
    }

    @Test
    void aNarrowedRangeNeedsBoth() {
        SemverRange narrowed = SemverRange.parse("^1.0.0").and(SemverRange.parse("<1.3.0"));
        assertTrue(narrowed.includes(Versions.parse("1.2.9")));
        assertFalse(narrowed.includes(Versions.parse("1.3.0")));
        assertFalse(narrowed.includes(Versions.parse("0.9.0")));
        assertEquals("^1.0.0 and <1.3.0", narrowed.toString());
    }

    @Test
    void textThatIsNoRangeIsRefusedRatherThanMatchingNothing() {
        for (String bad : new String[] {"garbage", "^x.y", "", "  "}) {
            SwitchboardException e = assertThrows(SwitchboardException.class, () -> SemverRange.parse(bad));
            assertEquals(MeshErrors.INVALID_RANGE, e.code());
        }
    }

    @Test
    void componentVersionsMustBeSemantic() {
        assertEquals("1.2.3", Versions.parse("1.2.3").getVersion());
        assertEquals("mesh.invalid-version", assertThrows(SwitchboardException.class, () -> Versions.parse("1.2")).code());
        assertEquals("1.2.3", Versions.ofBundle(new org.osgi.framework.Version(1, 2, 3, "202611231200")));
    }
}
