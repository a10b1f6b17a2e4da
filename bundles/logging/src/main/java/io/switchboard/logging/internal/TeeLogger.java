package io.switchboard.logging.internal;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.simple.SimpleLogger;

/**
 * A simple-provider logger that, after writing a line as usual, hands it to the OSGi log. Only
 * lines the configured level lets through get here: the log service sees what the output shows.
 */
final class TeeLogger extends SimpleLogger {

    private static final long serialVersionUID = 1L;

    TeeLogger(String name) {
        super(name);
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
        super.handleNormalizedLoggingCall(level, marker, messagePattern, arguments, throwable);
        LogSink.forward(getName(), level, messagePattern, arguments, throwable);
    }
}
