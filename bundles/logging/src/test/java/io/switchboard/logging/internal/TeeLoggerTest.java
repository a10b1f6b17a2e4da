package io.switchboard.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class TeeLoggerTest {

    private record Line(String logger, Level level, String message, Throwable throwable) {
    }

    @AfterEach
    void noTarget() {
        LogSink.target(null);
    }

    @Test
    void aLineTheLevelLetsThroughReachesTheLogServiceFormattedWithItsLoggerAndFailure() {
        List<Line> lines = new ArrayList<>();
        LogSink.target((logger, level, message, throwable) -> lines.add(new Line(logger, level, message, throwable)));
        TeeServiceProvider provider = new TeeServiceProvider();
        provider.initialize();
        Logger log = provider.getLoggerFactory().getLogger("io.switchboard.test");
        IllegalStateException failure = new IllegalStateException("boom");
        log.warn("component {} failed", "x@1.0.0", failure);
        log.debug("not at the default level {}", 1);
        assertEquals(1, lines.size(), "debug is below the default level, on the output and in the log service alike");
        assertEquals("io.switchboard.test", lines.get(0).logger());
        assertEquals(Level.WARN, lines.get(0).level());
        assertEquals("component x@1.0.0 failed", lines.get(0).message());
        assertSame(failure, lines.get(0).throwable());
    }

    @Test
    void aTargetThatLogsAgainThroughSlf4jIsNotFedItsOwnLine() {
        TeeServiceProvider provider = new TeeServiceProvider();
        provider.initialize();
        Logger log = provider.getLoggerFactory().getLogger("io.switchboard.loop");
        List<String> seen = new ArrayList<>();
        LogSink.target((logger, level, message, throwable) -> {
            seen.add(message);
            log.info("echo of {}", message); // a log listener that writes back to SLF4J
        });
        log.info("once");
        assertEquals(List.of("once"), seen);
    }
}
