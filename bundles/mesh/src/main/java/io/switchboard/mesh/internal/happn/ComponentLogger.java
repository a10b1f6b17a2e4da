package io.switchboard.mesh.internal.happn;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A component's {@link System.Logger}: SLF4J underneath, the component's name and version in every line. */
final class ComponentLogger implements System.Logger {

    private final Logger log;
    private final String prefix;

    ComponentLogger(String component, String version) {
        this.log = LoggerFactory.getLogger("mesh." + component);
        this.prefix = component + "@" + version + ": ";
    }

    @Override
    public String getName() {
        return log.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
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
        String line = prefix + msg;
        switch (level) {
            case ALL, TRACE -> log.trace(line, thrown);
            case DEBUG -> log.debug(line, thrown);
            case INFO -> log.info(line, thrown);
            case WARNING -> log.warn(line, thrown);
            case ERROR -> log.error(line, thrown);
            case OFF -> { }
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params), (Throwable) null);
        }
    }
}
