package io.switchboard.mesh.internal.happn;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.mesh.internal.logging.ComponentLevels;
import io.switchboard.system.log.LogText;

/**
 * A component's {@link System.Logger}: SLF4J logger {@code mesh.<component>} underneath, the
 * component's name and version at the start of every line ({@code deviceManager@1.0.0: ...}).
 *
 * <p>Its level is the component's in {@link ComponentLevels} (set at runtime through ConfigAdmin),
 * and SLF4J's own level for the logger must let the line through as well. A message is written as
 * one line: a component may log what a client sent, so line breaks and control characters are
 * escaped ({@link LogText}) and a very long message is cut, as for every other line with outside text.
 */
final class ComponentLogger implements System.Logger {

    /** The SLF4J logger of a component is this prefix and the component's name. */
    static final String PREFIX = "mesh.";
    static final int MAX_MESSAGE_CHARS = 4_096;

    private final Logger log;
    private final String component;
    private final String prefix;

    ComponentLogger(String component, String version) {
        this(component, version, LoggerFactory.getLogger(PREFIX + component));
    }

    ComponentLogger(String component, String version, Logger log) {
        this.log = log;
        this.component = component;
        this.prefix = component + "@" + version + ": ";
    }

    @Override
    public String getName() {
        return log.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        if (!ComponentLevels.allows(component, level)) {
            return false;
        }
        return switch (level) {
            case ALL, TRACE -> log.isTraceEnabled();
            case DEBUG -> log.isDebugEnabled();
            case INFO -> log.isInfoEnabled();
            case WARNING -> log.isWarnEnabled();
            case ERROR -> log.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            write(level, localized(bundle, msg), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String pattern = localized(bundle, format);
            write(level, params == null || params.length == 0 ? pattern : formatted(pattern, params), null);
        }
    }

    /** A pattern MessageFormat cannot read is a bug in the component, but logging it must not throw. */
    private static String formatted(String pattern, Object[] params) {
        try {
            return MessageFormat.format(pattern, params);
        } catch (IllegalArgumentException e) {
            return pattern + " " + Arrays.toString(params);
        }
    }

    private void write(Level level, String message, Throwable thrown) {
        String line = prefix + LogText.of(message, MAX_MESSAGE_CHARS);
        switch (level) {
            case ALL, TRACE -> log.trace(line, thrown);
            case DEBUG -> log.debug(line, thrown);
            case INFO -> log.info(line, thrown);
            case WARNING -> log.warn(line, thrown);
            case ERROR -> log.error(line, thrown);
            case OFF -> { }
        }
    }

    /** As {@link System.Logger} asks: the bundle's text for the key, or the key itself. */
    private static String localized(ResourceBundle bundle, String key) {
        if (bundle == null || key == null) {
            return key;
        }
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }
}
