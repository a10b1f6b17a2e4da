package io.switchboard.logging.internal;

import org.slf4j.Logger;
import org.slf4j.simple.SimpleLoggerFactory;

/** Makes {@link TeeLogger}s: the simple provider's loggers, one per name, that also feed the OSGi log. */
final class TeeLoggerFactory extends SimpleLoggerFactory {

    @Override
    protected Logger createLogger(String name) {
        return new TeeLogger(name);
    }
}
