package io.switchboard.logging.internal;

import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * Where SLF4J lines go besides the output: the OSGi log service's {@code LoggerFactory}, while one
 * runs (the web console feature brings Apache Felix Log). Held in a static field because SLF4J makes
 * its provider through the service loader, outside any component's life; the bundle's activator
 * sets and clears it. A line that the log service's own listeners turn back into SLF4J is not
 * handed over again (a loop would never end).
 */
final class LogSink {

    /** Where lines go: one method, so that this class never names the optional log package itself. */
    interface Target {
        void log(String logger, Level level, String message, Throwable throwable);
    }

    private static volatile Target target;
    private static final ThreadLocal<Boolean> FORWARDING = new ThreadLocal<>();

    private LogSink() {
    }

    static void target(Target next) {
        target = next;
    }

    static void forward(String logger, Level level, String pattern, Object[] arguments, Throwable throwable) {
        Target current = target;
        if (current == null || FORWARDING.get() != null) {
            return;
        }
        FORWARDING.set(Boolean.TRUE);
        try {
            String message = arguments == null || arguments.length == 0 ? pattern : MessageFormatter.basicArrayFormat(pattern, arguments);
            current.log(logger, level, message, throwable);
        } catch (RuntimeException e) {
            // the log service failed or is going away: the line is on the output all the same
        } finally {
            FORWARDING.remove();
        }
    }
}
