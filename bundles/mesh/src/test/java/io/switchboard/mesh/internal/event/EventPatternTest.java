package io.switchboard.mesh.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;

class EventPatternTest {

    @Test
    void oneStarIsExactlyOneSegment() {
        EventPattern pattern = EventPattern.compile("popups/alert/*");
        assertTrue(pattern.matches("popups/alert/thermostat-1"));
        assertFalse(pattern.matches("popups/alert"));
        assertFalse(pattern.matches("popups/alert/a/b"));
    }

    @Test
    void twoStarsAreZeroOrMoreSegmentsAnywhere() {
        assertTrue(EventPattern.compile("**").matches("alert"));
        assertTrue(EventPattern.compile("a/**").matches("a"));
        assertTrue(EventPattern.compile("a/**/z").matches("a/b/c/z"));
        assertTrue(EventPattern.compile("a/**/z").matches("a/z"));
        assertFalse(EventPattern.compile("a/**/z").matches("a/b/c"));
    }

    @Test
    void aLeadingSlashIsOptionalOnBothSides() {
        assertTrue(EventPattern.compile("/alert").matches("alert"));
        assertTrue(EventPattern.compile("alert").matches("/alert"));
    }

    @Test
    void wildcardsInsideASegmentOrEmptySegmentsAreRefused() {
        for (String bad : new String[] {"al*", "a//b", "", "a/"}) {
            assertEquals("mesh.invalid-event-pattern", assertThrows(SwitchboardException.class, () -> EventPattern.compile(bad)).code());
        }
    }
}
