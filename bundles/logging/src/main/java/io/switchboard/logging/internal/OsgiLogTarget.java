package io.switchboard.logging.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Hands lines to an OSGi {@link LoggerFactory} (Log Service 1.4+), as entries of this bundle. The
 * console's Logs tab shows an entry's message and bundle, not its logger's name, so the message
 * starts with the SLF4J logger's name.
 */
final class OsgiLogTarget implements LogSink.Target {

    private final LoggerFactory factory;
    private final Bundle bundle;

    OsgiLogTarget(LoggerFactory factory, Bundle bundle) {
        this.factory = factory;
        this.bundle = bundle;
    }

    @Override
    public void log(String name, Level level, String message, Throwable throwable) {
        Logger logger = factory.getLogger(bundle, name, Logger.class);
        String text = "[" + name + "] " + message;
        switch (level) {
            case ERROR -> logger.error(text, throwable);
            case WARN -> logger.warn(text, throwable);
            case INFO -> logger.info(text, throwable);
            case DEBUG -> logger.debug(text, throwable);
            default -> logger.trace(text, throwable);
        }
    }
}
