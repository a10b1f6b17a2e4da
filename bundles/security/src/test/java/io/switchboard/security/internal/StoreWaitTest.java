package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;

class StoreWaitTest {

    private final TestClock clock = new TestClock();
    private final List<Long> pauses = new ArrayList<>();
    private final AtomicInteger probes = new AtomicInteger();

    private final StoreWait.Pause pause = millis -> {
        pauses.add(millis);
        clock.advance(Duration.ofMillis(millis));
    };

    /** A store that is unavailable for the first {@code failures} probes, then answers. */
    private Supplier<Promise<?>> storeUpAfter(int failures, String code) {
        return () -> probes.incrementAndGet() <= failures
                ? Promises.failed(new SwitchboardException(code, "the data store is unavailable: connection refused"))
                : Promises.resolved(0L);
    }

    @Test
    void aStoreThatComesUpIsWaitedForWithGrowingPauses() {
        assertTrue(StoreWait.until(storeUpAfter(6, DataErrors.STORE_UNAVAILABLE), Duration.ofSeconds(60), clock, pause));
        assertEquals(7, probes.get());
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 2000L), pauses, "doubling, at most 2 s apart");
    }

    @Test
    void aStoreThatAnswersAtOnceIsNotWaitedFor() {
        assertTrue(StoreWait.until(storeUpAfter(0, DataErrors.STORE_UNAVAILABLE), Duration.ofSeconds(60), clock, pause));
        assertTrue(pauses.isEmpty());
    }

    @Test
    void theWaitEndsAtItsLimit() {
        assertFalse(StoreWait.until(storeUpAfter(Integer.MAX_VALUE, DataErrors.STORE_UNAVAILABLE), Duration.ofSeconds(10), clock, pause));
        assertEquals(10_000L, pauses.stream().mapToLong(Long::longValue).sum(), "the last pause ends at the limit, not past it");
    }

    @Test
    void anotherFailureIsNotWaitedOn() {
        assertFalse(StoreWait.until(storeUpAfter(1, DataErrors.STORE_FAILED), Duration.ofSeconds(60), clock, pause));
        assertEquals(1, probes.get());
        assertTrue(pauses.isEmpty());
    }
}
