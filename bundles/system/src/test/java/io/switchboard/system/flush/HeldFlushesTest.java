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
