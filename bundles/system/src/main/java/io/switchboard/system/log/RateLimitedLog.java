package io.switchboard.system.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A logger for lines that anyone can make the runtime repeat (a request that fails, a connection
 * that is refused): each kind of line is written at most {@code lines} times per {@code window},
 * and the next line written after some were held back says how many. A flood of bad requests
 * therefore costs a few lines, not the disk.
 *
 * <p>A throwable given as the last argument is logged through {@link LogText#bounded(Throwable)},
 * so one line never carries a thousand stack frames. Kinds are the caller's constants; should a
 * caller make them from input, at most {@value #MAX_KINDS} are counted apart, and the rest share one count.
 */
public final class RateLimitedLog {

    static final int MAX_KINDS = 256;
    private static final String OTHER = "(other kinds)";

    private final Logger logger;
    private final int lines;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger logger, int lines, Duration window) {
        this(logger, lines, window, Clock.systemUTC());
    }

    public RateLimitedLog(Logger logger, int lines, Duration window, Clock clock) {
        this.logger = logger;
        this.lines = Math.max(1, lines);
        this.windowMillis = Math.max(1, window.toMillis());
        this.clock = clock;
    }

    /** Logs at ERROR unless this kind has had its lines for the current window; returns whether it logged. */
    public boolean error(String kind, String format, Object... arguments) {
        return log(Level.ERROR, kind, format, arguments);
    }

    public boolean warn(String kind, String format, Object... arguments) {
        return log(Level.WARN, kind, format, arguments);
    }

    public boolean info(String kind, String format, Object... arguments) {
        return log(Level.INFO, kind, format, arguments);
    }

    private boolean log(Level level, String kind, String format, Object... arguments) {
        if (!logger.isEnabledForLevel(level)) {
            return false;
        }
        Held held = admit(kind);
        if (held == null) {
            return false;
        }
        Object[] safe = Arrays.copyOf(arguments, arguments.length);
        if (safe.length > 0 && safe[safe.length - 1] instanceof Throwable failure) {
            safe[safe.length - 1] = LogText.bounded(failure);
        }
        if (held.count() > 0) {
            write(level, "{} more line(s) of kind '{}' were not logged since {}", held.count(), LogText.of(kind, 64),
                    Instant.ofEpochMilli(held.sinceMillis()));
        }
        write(level, format, safe);
        return true;
    }

    /** Through the classic methods, which take a trailing throwable as the line's exception. */
    private void write(Level level, String format, Object... arguments) {
        switch (level) {
            case ERROR -> logger.error(format, arguments);
            case WARN -> logger.warn(format, arguments);
            case INFO -> logger.info(format, arguments);
            case DEBUG -> logger.debug(format, arguments);
            default -> logger.trace(format, arguments);
        }
    }

    /** Null when the line must not be written; otherwise what of its kind was held back before it. */
    private Held admit(String kind) {
        long now = clock.millis();
        String key = windows.size() >= MAX_KINDS && !windows.containsKey(kind) ? OTHER : kind;
        Window window = windows.computeIfAbsent(key, k -> new Window(now));
        return window.admit(now, lines, windowMillis);
    }

    /** Lines held back: how many, and since when. */
    private record Held(long count, long sinceMillis) {
    }

    /** One kind's current window: when it began, how many lines it wrote, what it held back. */
    private static final class Window {
        private long start;
        private int written;
        private long held;
        private long heldSince;

        Window(long start) {
            this.start = start;
        }

        synchronized Held admit(long now, int lines, long windowMillis) {
            if (now - start >= windowMillis) {
                start = now;
                written = 0;
            }
            if (written >= lines) {
                if (held++ == 0) {
                    heldSince = now;
                }
                return null;
            }
            written++;
            Held report = new Held(held, heldSince);
            held = 0;
            return report;
        }
    }
}
