package io.switchboard.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.queue.Lane;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.queue.QueueFullException;
import io.switchboard.queue.QueueStats;

class BoundedQueueTest {

    private final List<BoundedQueue> created = new ArrayList<>();

    private BoundedQueue queue(int capacity, int threads, OverflowPolicy policy) {
        BoundedQueue queue = new BoundedQueue("test", capacity, threads, policy);
        created.add(queue);
        return queue;
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (BoundedQueue queue : created) {
            queue.shutdown(5_000);
        }
    }

    @Test
    void aStoppedQueueRefusesATaskAndKeepsNoPlaceForIt() throws InterruptedException {
        BoundedQueue queue = queue(10, 1, OverflowPolicy.REJECT);
        queue.shutdown(5_000);
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> queue.submit(() -> { }));
        assertEquals(0, queue.stats().depth(), "the refused task gave its place back");
    }

    @Test
    void aLaneRunsItsTasksInOrderEvenOnManyThreads() throws InterruptedException {
        BoundedQueue queue = queue(100_000, 4, OverflowPolicy.REJECT);
        Executor lane = queue.lane();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            int value = i;
            lane.execute(() -> {
                seen.add(value);
                if (value == n - 1) {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < n; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void aBlockedLaneDoesNotHoldUpAnotherLane() throws InterruptedException {
        BoundedQueue queue = queue(100, 2, OverflowPolicy.REJECT);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        queue.lane().execute(() -> await(release));
        queue.lane().execute(otherRan::countDown);
        assertTrue(otherRan.await(5, TimeUnit.SECONDS));
        release.countDown();
    }

    @Test
    void aFullRejectQueueRefusesWithACodeAndKeepsWorking() throws InterruptedException {
        BoundedQueue queue = queue(2, 1, OverflowPolicy.REJECT);
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(queue.submit(() -> await(release)));
        assertTrue(queue.submit(() -> { }));
        QueueFullException full = assertThrows(QueueFullException.class, () -> queue.submit(() -> { }));
        assertEquals("queue.full", full.code());
        assertThrows(QueueFullException.class, () -> queue.lane().execute(() -> { }));
        release.countDown();

        CountDownLatch later = new CountDownLatch(1);
        awaitSubmitted(queue, later);
        assertEquals(2, queue.stats().rejected());
    }

    @Test
    void aFullDropQueueDropsAndCounts() throws InterruptedException {
        BoundedQueue queue = queue(1, 1, OverflowPolicy.DROP);
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(queue.submit(() -> await(release)));
        assertFalse(queue.submit(() -> { }));
        queue.lane().execute(() -> { throw new AssertionError("a dropped task must not run"); });
        release.countDown();
        CountDownLatch later = new CountDownLatch(1);
        awaitSubmitted(queue, later);
        QueueStats stats = queue.stats();
        assertEquals(2, stats.dropped());
        assertEquals(0, stats.failed());
    }

    @Test
    void aTaskThatThrowsIsCountedAndTheQueueGoesOn() throws InterruptedException {
        BoundedQueue queue = queue(10, 1, OverflowPolicy.REJECT);
        Executor lane = queue.lane();
        CountDownLatch after = new CountDownLatch(1);
        lane.execute(() -> { throw new IllegalStateException("boom"); });
        lane.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertEquals(1, queue.stats().failed());
    }

    @Test
    void depthCountsWaitingAndRunningTasks() throws InterruptedException {
        BoundedQueue queue = queue(10, 1, OverflowPolicy.REJECT);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue.submit(() -> {
            running.countDown();
            await(release);
        });
        queue.submit(() -> { });
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals(2, queue.stats().depth());
        release.countDown();
    }

    /** Submits once there is room again (the blocked task has finished) and waits for it to run. */
    private static void awaitSubmitted(BoundedQueue queue, CountDownLatch ran) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queue.stats().depth() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(queue.submit(ran::countDown));
        assertTrue(ran.await(5, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aDirectLaneRunsOnTheCallersThreadWhenIdleAndKeepsOrderWhenBusy() throws InterruptedException {
        BoundedQueue queue = queue(100_000, 2, OverflowPolicy.REJECT);
        Executor lane = queue.directLane();
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        lane.execute(() -> ranOn[0] = Thread.currentThread());
        assertEquals(caller, ranOn[0], "an idle direct lane runs the task right here");

        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            for (int i = 0; i < 5_000; i++) {
                int value = i;
                lane.execute(() -> seen.add(value));
            }
        });
        other.start();
        for (int i = 5_000; i < 10_000; i++) {
            int value = i;
            lane.execute(() -> seen.add(value));
        }
        other.join();
        lane.execute(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(10_000, seen.size(), "every task ran once");
        int lastLow = -1;
        int lastHigh = 4_999;
        for (int value : seen) {
            if (value < 5_000) {
                assertTrue(value > lastLow, "one submitter's tasks keep their order");
                lastLow = value;
            } else {
                assertTrue(value > lastHigh, "one submitter's tasks keep their order");
                lastHigh = value;
            }
        }
    }

    @Test
    void aLaneCallsItsHookOnceAfterEachRunOfTasksAndNeverDuringOne() throws InterruptedException {
        BoundedQueue queue = queue(100_000, 2, OverflowPolicy.REJECT);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Lane lane = queue.lane(true, () -> events.add("after"));

        lane.execute(() -> events.add("alone"));
        assertEquals(List.of("alone", "after"), events, "an idle direct lane runs the task and its hook here, at once");

        events.clear();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        lane.enqueue(() -> await(release));
        for (int i = 0; i < 20; i++) {
            int value = i;
            lane.execute(() -> events.add("t" + value)); // the lane is busy: these wait behind the blocked task
        }
        lane.execute(done::countDown);
        release.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        Await.until(() -> events.size() == 21);
        assertEquals("after", events.get(20), "the hook runs after the run's last task");
        for (int i = 0; i < 20; i++) {
            assertEquals("t" + i, events.get(i), "no hook inside the run, and the tasks in order");
        }
    }

    @Test
    void enqueueNeverRunsOnTheCallersThreadAndCountsAgainstCapacity() throws InterruptedException {
        BoundedQueue queue = queue(2, 1, OverflowPolicy.REJECT);
        Lane lane = queue.lane(true, () -> { });
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        CountDownLatch ran = new CountDownLatch(1);
        lane.enqueue(() -> {
            ranOn[0] = Thread.currentThread();
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertFalse(caller == ranOn[0], "an enqueued task waits for the queue's threads even on an idle direct lane");
        Await.until(() -> queue.stats().depth() == 0); // the first task has given its place back

        CountDownLatch release = new CountDownLatch(1);
        lane.enqueue(() -> await(release));
        lane.enqueue(() -> { });
        assertThrows(QueueFullException.class, () -> lane.enqueue(() -> { }), "a full REJECT queue refuses an enqueued task too");
        release.countDown();
    }

    @Test
    void aFailingHookIsCountedAndTheLaneGoesOn() throws InterruptedException {
        BoundedQueue queue = queue(100, 1, OverflowPolicy.REJECT);
        Lane lane = queue.lane(false, () -> {
            throw new IllegalStateException("hook failed");
        });
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        lane.execute(first::countDown);
        assertTrue(first.await(10, TimeUnit.SECONDS));
        Await.until(() -> queue.stats().failed() >= 1); // the first run's hook (a task given during a run joins it)
        lane.execute(second::countDown);
        assertTrue(second.await(10, TimeUnit.SECONDS), "the lane still runs tasks after its hook failed");
        Await.until(() -> queue.stats().failed() >= 2);
    }

    /** Waits (bounded) for a condition that another thread makes true. */
    private static final class Await {
        static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!condition.getAsBoolean()) {
                assertTrue(System.nanoTime() < deadline, "timed out");
                Thread.sleep(1);
            }
        }
    }
}
