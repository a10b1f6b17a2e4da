package io.switchboard.mesh.internal.happn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.mesh.internal.logging.ComponentLevels;

/** What a component's happn.log() writes, and that its level changes while the component runs. */
class ComponentLoggerTest {

    private final RecordingLogger slf4j = new RecordingLogger("mesh.deviceManager");
    private final System.Logger log = new ComponentLogger("deviceManager", "1.0.0", slf4j);

    @AfterEach
    void reset() {
        ComponentLevels.reset();
    }

    private List<String> texts() {
        return slf4j.lines().stream().map(RecordingLogger.Line::text).toList();
    }

    @Test
    void everyLineStartsWithTheComponentsNameAndVersion() {
        log.log(Level.INFO, "serving {0} devices", 4);
        log.log(Level.WARNING, "plain");
        assertEquals(List.of("deviceManager@1.0.0: serving 4 devices", "deviceManager@1.0.0: plain"), texts());
        assertEquals(org.slf4j.event.Level.WARN, slf4j.lines().get(1).level());
        assertEquals("mesh.deviceManager", log.getName());
    }

    @Test
    void theLevelChangesForTheRunningLoggerWithoutANewOne() {
        log.log(Level.DEBUG, "hidden");
        assertFalse(log.isLoggable(Level.DEBUG));

        ComponentLevels.set(Level.INFO, Map.of("deviceManager", Level.DEBUG));
        assertTrue(log.isLoggable(Level.DEBUG));
        log.log(Level.DEBUG, "shown");
        log.log(Level.TRACE, "still hidden");

        ComponentLevels.set(Level.INFO, Map.of("deviceManager", Level.ERROR));
        log.log(Level.WARNING, "hidden again");
        assertEquals(List.of("deviceManager@1.0.0: shown"), texts());
    }

    @Test
    void anotherComponentsLevelIsNotThisOnes() {
        ComponentLevels.set(Level.INFO, Map.of("customerNotifier", Level.TRACE));
        assertFalse(log.isLoggable(Level.DEBUG));
    }

    @Test
    void aMessageIsOneLineWhateverItCarries() {
        log.log(Level.INFO, "SMS to {0}", "ann\nINFO forged line");
        assertEquals(List.of("deviceManager@1.0.0: SMS to ann\\nINFO forged line"), texts());
    }

    @Test
    void aThrowableGoesWithItsLine() {
        IllegalStateException failure = new IllegalStateException("boom");
        log.log(Level.ERROR, "failed", failure);
        assertSame(failure, slf4j.lines().get(0).thrown());
    }

    @Test
    void aPatternThatCannotBeReadIsLoggedAsItIsInsteadOfThrowing() {
        log.log(Level.INFO, "broken {x}", 1);
        assertEquals(List.of("deviceManager@1.0.0: broken {x} [1]"), texts());
    }
}
