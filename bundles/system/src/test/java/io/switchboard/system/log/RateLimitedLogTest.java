package io.switchboard.system.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedLogTest {

    /** One call to the logger: level, format and arguments. */
    private record Line(String level, String format, Object[] arguments) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
                if (method.getName().startsWith("is")) {
                    return true;
                }
                lines.add(new Line(method.getName(), (String) args[0], (Object[]) args[1]));
                return null;
            });

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();
    private final RateLimitedLog log = new RateLimitedLog(logger, 3, Duration.ofSeconds(10), clock);

    @Test
    void writesTheFirstLinesOfAWindowAndHoldsBackTheRest() {
        for (int i = 0; i < 100; i++) {
            log.warn("request-failed", "failed {}", i);
        }
        assertEquals(3, lines.size());
        assertEquals("warn", lines.get(0).level());
        assertEquals(2, lines.get(2).arguments()[0]);
    }

    @Test
    void theNextWindowSaysHowManyWereHeldBack() {
        for (int i = 0; i < 10; i++) {
            log.error("request-failed", "failed {}", i);
        }
        clock.advance(Duration.ofSeconds(10));
        assertTrue(log.error("request-failed", "failed {}", 10));
        assertEquals(5, lines.size());
        Line summary = lines.get(3);
        assertEquals(7L, summary.arguments()[0]);
        assertEquals("request-failed", summary.arguments()[1]);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), summary.arguments()[2]);
        assertEquals(10, lines.get(4).arguments()[0]);
        assertFalse(lines.stream().skip(5).findAny().isPresent());
    }

    @Test
    void eachKindHasItsOwnCount() {
        for (int i = 0; i < 10; i++) {
            log.info("a", "a {}", i);
            log.info("b", "b {}", i);
        }
        assertEquals(6, lines.size());
    }

    @Test
    void kindsMadeFromInputShareOneCountBeyondTheLimit() {
        for (int i = 0; i < RateLimitedLog.MAX_KINDS + 1_000; i++) {
            log.warn("kind-" + i, "line {}", i);
        }
        assertEquals(RateLimitedLog.MAX_KINDS + 3, lines.size());
    }

    @Test
    void aThrowableIsLoggedWithABoundedStack() {
        IllegalStateException failure = new IllegalStateException("boom");
        log.warn("request-failed", "failed: {}", "x", failure);
        Object logged = lines.get(0).arguments()[1];
        assertInstanceOf(Throwable.class, logged);
        assertNotSame(failure, logged);
        assertTrue(logged.toString().startsWith("java.lang.IllegalStateException: boom"), logged.toString());
    }
}
