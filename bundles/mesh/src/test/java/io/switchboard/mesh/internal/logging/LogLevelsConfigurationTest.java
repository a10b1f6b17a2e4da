package io.switchboard.mesh.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** etc/io.switchboard.logging.cfg as an operator writes it, applied to running components. */
class LogLevelsConfigurationTest {

    private final LogLevelsConfiguration configuration = new LogLevelsConfiguration();

    @AfterEach
    void reset() {
        ComponentLevels.reset();
    }

    @Test
    void withoutAConfigurationEveryComponentLogsInfoAndAbove() {
        configuration.apply(Map.of("service.pid", LogLevelsConfiguration.PID));
        assertEquals(Level.INFO, ComponentLevels.of("deviceManager"));
        assertTrue(ComponentLevels.allows("deviceManager", Level.INFO));
        assertFalse(ComponentLevels.allows("deviceManager", Level.DEBUG));
    }

    @Test
    void oneComponentsLevelChangesThatComponentOnly() {
        configuration.apply(Map.of("level.deviceManager", "debug", "felix.fileinstall.filename", "file:/etc/io.switchboard.logging.cfg"));
        assertTrue(ComponentLevels.allows("deviceManager", Level.DEBUG));
        assertFalse(ComponentLevels.allows("customerNotifier", Level.DEBUG));

        configuration.apply(Map.of("defaultLevel", "WARN", "level.customerNotifier", "OFF"));
        assertFalse(ComponentLevels.allows("deviceManager", Level.DEBUG), "a level the new configuration leaves out is gone");
        assertFalse(ComponentLevels.allows("deviceManager", Level.INFO));
        assertTrue(ComponentLevels.allows("deviceManager", Level.WARNING));
        assertFalse(ComponentLevels.allows("customerNotifier", Level.ERROR), "OFF: nothing at all");
    }

    @Test
    void whatIsNotALevelOfAComponentIsIgnoredAndTheRestApplies() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("level.deviceManager", "LOUD");
        properties.put("level.bad name", "DEBUG");
        properties.put("levels", "DEBUG");
        properties.put("defaultLevel", "chatty");
        properties.put("level.customerNotifier", "TRACE");
        configuration.apply(properties);
        assertEquals(Level.INFO, ComponentLevels.of("deviceManager"));
        assertEquals(Level.INFO, ComponentLevels.of("other"));
        assertEquals(Level.TRACE, ComponentLevels.of("customerNotifier"));
    }

    @Test
    void theNumberOfComponentsIsBounded() {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < LogLevelsConfiguration.MAX_COMPONENTS + 10; i++) {
            properties.put("level.c" + i, "DEBUG");
        }
        configuration.apply(properties);
        long kept = properties.keySet().stream().filter(key -> ComponentLevels.of(key.substring(6)) == Level.DEBUG).count();
        assertEquals(LogLevelsConfiguration.MAX_COMPONENTS, kept);
    }

    @Test
    void removingTheConfigurationBringsBackTheDefault() {
        configuration.apply(Map.of("level.deviceManager", "ERROR"));
        configuration.deactivate();
        assertEquals(Level.INFO, ComponentLevels.of("deviceManager"));
    }

    @Test
    void levelsAreReadAsOperatorsWriteThem() {
        assertEquals(Level.WARNING, ComponentLevels.parse(" warn "));
        assertEquals(Level.WARNING, ComponentLevels.parse("WARNING"));
        assertEquals(Level.TRACE, ComponentLevels.parse("all"));
        assertEquals(Level.OFF, ComponentLevels.parse("Off"));
        assertNull(ComponentLevels.parse("verbose"));
        assertNull(ComponentLevels.parse(null));
        assertEquals("WARN", LogLevelsConfiguration.name(Level.WARNING));
    }
}
