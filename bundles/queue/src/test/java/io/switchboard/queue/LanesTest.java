package io.switchboard.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.system.flush.HeldFlushes;

/** A lane of its own (publisher, mailboxes): bounded, with its policy applied and counted. */
class LanesTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    /** A lane whose first task blocks until the test releases it, so that what follows waits. */
    private Lane blocked(int capacity, OverflowPolicy policy) throws InterruptedException {
        Lane lane = Lanes.serial("test", threads, capacity, policy);
        CountDownLatch started = new CountDownLatch(1);
        lane.execute(() -> {
            started.countDown();
            await(release);
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        return lane;
    }

    /**
     * What the tasks of one batch on the lane's thread write leaves once per connection at the
     * batch's end: a session's queued requests that each publish to the same subscriber send it one
     * write, not one per publication.
     */
    @Test
    void theFlushesOfOneBatchOfTasksRunOnceWhenTheBatchEnds() {
        List<Runnable> handedToThreads = new ArrayList<>();
        Lane lane = Lanes.serial("test", handedToThreads::add, 100, OverflowPolicy.REJECT);
        List<String> log = new ArrayList<>();
        Runnable subscribersFlush = () -> log.add("flush");
        for (int i = 0; i < 3; i++) {
            String task = "publication " + i;
            lane.execute(() -> {
                log.add(task);
                HeldFlushes.now(subscribersFlush);
            });
        }
        assertEquals(1, handedToThreads.size(), "one drain for the three");
        handedToThreads.get(0).run(); // the executor's thread
        assertEquals(List.of("publication 0", "publication 1", "publication 2", "flush"), log);
    }

    @Test
    void aFullRejectingLaneRefusesAndCountsIt() throws InterruptedException {
        Lane lane = blocked(3, OverflowPolicy.REJECT);
        lane.execute(() -> { });
        lane.execute(() -> { });
        QueueFullException full = assertThrows(QueueFullException.class, () -> lane.execute(() -> { }));
        assertEquals("queue.full", full.code());
        assertFalse(lane.offer(() -> { }, true), "offer says no instead of throwing");
        LaneStats stats = lane.stats();
        assertEquals(3, stats.depth());
        assertEquals(2, stats.rejected());
        assertEquals(0, stats.dropped());
    }

    @Test
    void aFullDroppingLaneDropsTheNewestAndCountsIt() throws InterruptedException {
        Lane lane = blocked(2, OverflowPolicy.DROP);
        List<Integer> ran = new ArrayList<>();
        lane.execute(() -> ran.add(1));
        lane.execute(() -> ran.add(2)); // dropped: no exception, no run
        lane.enqueue(() -> ran.add(3)); // dropped too
        assertEquals(2, lane.stats().dropped());
        release.countDown();
        awaitDepth(lane, 0);
        assertEquals(List.of(1), ran, "only what the lane took ran");
        assertEquals(2, lane.stats().completed());
    }

    @Test
    void aLaneKeepsOrderAndCountsFailuresWithoutStopping() throws InterruptedException {
        Lane lane = Lanes.serial("test", threads, 10_000, OverflowPolicy.REJECT);
        List<Integer> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 1_000; i++) {
            int value = i;
            lane.execute(() -> seen.add(value));
            if (i == 500) {
                lane.execute(() -> {
                    throw new IllegalStateException("boom");
                });
            }
        }
        lane.execute(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(1, lane.stats().failed());
    }

    /**
     * A direct lane runs a task on its caller's thread when the lane is idle, and queues it behind
     * the running one otherwise: with four threads executing at once, every task runs once, never
     * two at a time, each thread's tasks in the order it gave them, and some on their callers' threads.
     */
    @Test
    void aDirectLaneRunsEachTaskOnceOneAtATimeInEachCallersOrder() throws Exception {
        Lane lane = Lanes.direct("test", threads, 100_000, OverflowPolicy.REJECT);
        int callers = 4;
        int each = 20_000;
        int[] lastSeen = new int[callers];
        java.util.Arrays.fill(lastSeen, -1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger outOfOrder = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger onCaller = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch all = new CountDownLatch(callers * each);
        ExecutorService senders = Executors.newFixedThreadPool(callers);
        try {
            for (int c = 0; c < callers; c++) {
                int caller = c;
                senders.execute(() -> {
                    for (int i = 0; i < each; i++) {
                        int index = i;
                        Thread sender = Thread.currentThread();
                        lane.execute(() -> {
                            if (running.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            if (lastSeen[caller] != index - 1) { // guarded by the lane: one task at a time
                                outOfOrder.incrementAndGet();
                            }
                            lastSeen[caller] = index;
                            if (Thread.currentThread() == sender) {
                                onCaller.incrementAndGet();
                            }
                            running.decrementAndGet();
                            all.countDown();
                        });
                    }
                });
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), all.getCount() + " tasks did not run");
        } finally {
            senders.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "tasks ran at the same time");
        assertEquals(0, outOfOrder.get(), "a caller's tasks ran out of order");
        assertTrue(onCaller.get() > 0, "no task ran on its caller's thread");
        awaitDepth(lane, 0);
        assertEquals(callers * each, lane.stats().completed());
    }

    private static void awaitDepth(Lane lane, int depth) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lane.stats().depth() > depth && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(depth, lane.stats().depth());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
