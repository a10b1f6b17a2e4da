package io.switchboard.system.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class HeldFlushesTest {

    @Test
    void outsideTheWorkAFlushRunsAtOnce() {
        AtomicInteger flushed = new AtomicInteger();
        HeldFlushes.now(flushed::incrementAndGet);
        assertEquals(1, flushed.get());
    }

    @Test
    void insideTheWorkEachConnectionIsFlushedOnceAtTheEndInTheOrderFirstAsked() {
        List<String> log = new ArrayList<>();
        Runnable a = () -> log.add("flush a");
        Runnable b = () -> log.add("flush b");
        HeldFlushes.during(() -> {
            for (int i = 0; i < 3; i++) {
                log.add("answer a" + i);
                HeldFlushes.now(a);
                log.add("answer b" + i);
                HeldFlushes.now(b);
            }
            HeldFlushes.during(() -> HeldFlushes.now(a)); // nested: part of the outer work
        });
        assertEquals(List.of("answer a0", "answer b0", "answer a1", "answer b1", "answer a2", "answer b2", "flush a", "flush b"), log);
    }

    @Test
    void aFanOutToManyConnectionsFlushesEachOnceInTheOrderFirstAsked() {
        List<String> log = new ArrayList<>();
        List<Runnable> connections = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "c" + i;
            connections.add(() -> log.add(name));
        }
        HeldFlushes.during(() -> {
            for (int round = 0; round < 3; round++) {
                connections.forEach(HeldFlushes::now); // far more than the few looked at one by one
            }
            HeldFlushes.now(connections.get(0));
            assertEquals(List.of(), log);
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("c" + i);
        }
        assertEquals(expected, log);
        log.clear();
        HeldFlushes.during(() -> HeldFlushes.now(connections.get(7)));
        assertEquals(List.of("c7"), log, "nothing of the last work is left");
    }

    @Test
    void workThatFailsStillFlushesWhatItWrote() {
        AtomicInteger flushed = new AtomicInteger();
        Runnable flush = flushed::incrementAndGet;
        assertThrows(IllegalStateException.class, () -> HeldFlushes.during(() -> {
            HeldFlushes.now(flush);
            throw new IllegalStateException("a callback failed");
        }));
        assertEquals(1, flushed.get());
        HeldFlushes.now(flush);
        assertEquals(2, flushed.get(), "nothing is held after the work");
    }

    @Test
    void anotherThreadsFlushesAreNotHeld() throws Exception {
        AtomicInteger flushed = new AtomicInteger();
        HeldFlushes.during(() -> {
            Thread other = new Thread(() -> HeldFlushes.now(flushed::incrementAndGet));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertEquals(1, flushed.get());
        });
    }
}
