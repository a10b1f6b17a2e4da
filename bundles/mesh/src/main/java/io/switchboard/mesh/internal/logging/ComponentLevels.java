package io.switchboard.mesh.internal.logging;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Map;

/**
 * The level of each component's logger: a default and one per component name, read by every
 * component logger on every line, so that a change applies to running components at once.
 *
 * <p>It is held here, not by the SLF4J provider, because the runtime's provider (SLF4J's simple
 * one) fixes a logger's level when the logger is made: the runtime lets every level of the
 * component loggers through to it ({@code org.slf4j.simpleLogger.log.mesh = trace}) and this
 * class decides. One set of levels per mesh bundle: the configuration
 * ({@link LogLevelsConfiguration}) is one per runtime too.
 */
public final class ComponentLevels {

    /** What a component logs when nothing says otherwise. */
    public static final Level DEFAULT = Level.INFO;

    private static volatile Levels current = new Levels(DEFAULT, Map.of());

    private ComponentLevels() {
    }

    /** The level of a component's logger: its own if one is set, else the default. */
    public static Level of(String component) {
        Levels levels = current;
        return levels.byComponent().getOrDefault(component, levels.defaultLevel());
    }

    /** Whether a component logs a line of this level. */
    public static boolean allows(String component, Level level) {
        Level threshold = of(component);
        return level != Level.OFF && threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity();
    }

    /** Replaces every level at once: what a configuration does not name goes back to the default. */
    public static void set(Level defaultLevel, Map<String, Level> byComponent) {
        current = new Levels(defaultLevel, Map.copyOf(byComponent));
    }

    /** Back to {@link #DEFAULT} for every component. */
    public static void reset() {
        set(DEFAULT, Map.of());
    }

    /**
     * A level as an operator writes it: the SLF4J names ({@code TRACE}, {@code DEBUG}, {@code INFO},
     * {@code WARN}, {@code ERROR}) and {@code OFF}, in any case, and {@code WARNING} and {@code ALL}
     * as {@link System.Logger} names them.
     *
     * @return the level, or null for anything else
     */
    public static Level parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "ALL", "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR" -> Level.ERROR;
            case "OFF" -> Level.OFF;
            default -> null;
        };
    }

    private record Levels(Level defaultLevel, Map<String, Level> byComponent) {
    }
}
