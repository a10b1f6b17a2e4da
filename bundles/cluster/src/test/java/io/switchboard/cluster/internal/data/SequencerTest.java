package io.switchboard.cluster.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events from one node are handed on in the order it sent them, and a lost one stalls nothing for long. */
class SequencerTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Runnable event(String name) {
        return () -> delivered.add(name);
    }

    @Test
    void eventsThatArriveOutOfOrderAreHandedOnInTheSendersOrder() {
        Sequencer sequencer = new Sequencer(timer, 60_000, 100);
        sequencer.arrived(7, 1, event("b"));
        sequencer.arrived(7, 2, event("c"));
        assertEquals(List.of(), delivered, "b and c wait for a");
        sequencer.arrived(7, 0, event("a"));
        sequencer.arrived(7, 3, event("d"));
        assertEquals(List.of("a", "b", "c", "d"), delivered);
    }

    @Test
    void aNewEpochReleasesWhatWaitedForAnEventLostWithTheOldLink() {
        Sequencer sequencer = new Sequencer(timer, 60_000, 100);
        sequencer.arrived(7, 0, event("a"));
        sequencer.arrived(7, 2, event("c")); // 1 was lost
        sequencer.arrived(8, 0, event("x"));
        assertEquals(List.of("a", "c", "x"), delivered);
        sequencer.arrived(7, 3, event("late")); // a straggler of the old epoch goes on at once
        assertEquals(List.of("a", "c", "x", "late"), delivered);
    }

    @Test
    void aGapIsSkippedAfterTheGapTimeAndWhenTooManyWait() throws Exception {
        Sequencer bounded = new Sequencer(timer, 60_000, 2);
        bounded.arrived(1, 1, event("1"));
        bounded.arrived(1, 2, event("2"));
        bounded.arrived(1, 3, event("3"));
        assertEquals(List.of("1", "2", "3"), delivered, "past maxWaiting the gap is skipped at once");
        delivered.clear();

        Sequencer timed = new Sequencer(timer, 50, 100);
        timed.arrived(1, 0, event("a"));
        timed.arrived(1, 2, event("c"));
        assertEquals(List.of("a"), delivered);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (timed.waiting() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("a", "c"), delivered, "c did not wait for ever for the lost b");
        timed.arrived(1, 1, event("b-late"));
        assertEquals(List.of("a", "c", "b-late"), delivered, "a skipped event that comes after all is still handed on");
    }
}
