package io.switchboard.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.switchboard.queue.OverflowPolicy;

/**
 * One submitter's tasks run in its order on a direct lane, even when another submitter is held
 * between putting its task in the lane's queue and counting it: a runner then takes that task in
 * place of a counted one, and the lane looks idle while the submitter's earlier task still waits.
 * The interleaving is forced, not hoped for: the queue holds the other submitter where the race is.
 */
class SerialLaneOrderTest {

    private static final long WAIT = 10;

    /** A task queue that holds one thread just after its task went in, until the test lets it go. */
    private static final class HoldingQueue extends ConcurrentLinkedQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        volatile Thread held;
        final CountDownLatch queued = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);

        @Override
        public boolean add(Runnable task) {
            boolean added = super.add(task);
            if (Thread.currentThread() == held) {
                queued.countDown();
                await(letGo);
            }
            return added;
        }
    }

    @Test
    void aSubmittersTaskDoesNotOvertakeItsEarlierOneThatAnotherSubmitterLeftInTheQueue() throws Exception {
        HoldingQueue tasks = new HoldingQueue();
        List<Runnable> drains = Collections.synchronizedList(new ArrayList<>());
        SerialLane lane = new SerialLane("test", drains::add, null, 100, OverflowPolicy.REJECT, true, null, tasks);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        // 1. another thread runs a task on the idle lane, and holds it
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread first = new Thread(() -> lane.execute(() -> {
            running.countDown();
            await(finish);
        }));
        first.start();
        assertTrue(running.await(WAIT, TimeUnit.SECONDS));

        // 2. a third submitter's task goes in the queue, and that submitter is held before it counts it
        Thread other = new Thread(() -> lane.execute(() -> ran.add("other")));
        tasks.held = other;
        other.start();
        assertTrue(tasks.queued.await(WAIT, TimeUnit.SECONDS));

        // 3. this thread's first task waits behind both; then the running task ends, and a drain is due
        lane.execute(() -> ran.add("mine 1"));
        finish.countDown();
        first.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertEquals(1, drains.size(), "what waits is left to the executor");
        drains.remove(0).run(); // runs the queue's first task: the held submitter's, counted as mine
        assertEquals(List.of("other"), ran);

        // 4. the lane looks idle, but "mine 1" still waits: "mine 2" must not run before it
        lane.execute(() -> ran.add("mine 2"));
        tasks.letGo.countDown();
        other.join(TimeUnit.SECONDS.toMillis(WAIT));
        while (!drains.isEmpty()) {
            drains.remove(0).run();
        }
        assertEquals(List.of("other", "mine 1", "mine 2"), ran);
        assertTrue(tasks.isEmpty());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
