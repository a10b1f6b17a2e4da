package io.switchboard.cluster.internal.data;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts the data events from one node back in the order that node sent them. A link hands the
 * frames it reads to several threads (see the link's read turns), so two events sent one after the
 * other can reach this node's handler the other way round; each carries its sender's sequence
 * number, and an event that comes early waits here for the ones before it.
 *
 * <p>A sequence that misses a number (the sender's link broke with it on the way: the sender then
 * starts a new epoch, and counts the lost event as failed) does not stall the events behind it: a
 * new epoch releases them, and so does {@code gapMillis} without the missing one. What waits is
 * bounded ({@code maxWaiting}); past it the gap is skipped at once.
 */
final class Sequencer {

    private final ScheduledExecutorService timer;
    private final long gapMillis;
    private final int maxWaiting;
    private final TreeMap<Long, Runnable> waiting = new TreeMap<>();
    private long epoch = Long.MIN_VALUE;
    private long next;
    private boolean gapCheck;

    Sequencer(ScheduledExecutorService timer, long gapMillis, int maxWaiting) {
        this.timer = timer;
        this.gapMillis = gapMillis;
        this.maxWaiting = maxWaiting;
    }

    /** Runs {@code delivery} (on this thread, or on the one that brings the event before it) in the sender's order. */
    synchronized void arrived(long senderEpoch, long sequence, Runnable delivery) {
        if (senderEpoch < epoch) {
            delivery.run(); // a straggler from a link that broke: its order is over
            return;
        }
        if (senderEpoch > epoch) {
            releaseAll();
            epoch = senderEpoch;
            next = 0;
        }
        if (sequence < next) {
            delivery.run(); // after a skipped gap
            return;
        }
        waiting.put(sequence, delivery);
        releaseInOrder();
        if (waiting.size() > maxWaiting) {
            skipGap();
        }
        if (!waiting.isEmpty() && !gapCheck) {
            scheduleGapCheck();
        }
    }

    private void scheduleGapCheck() {
        gapCheck = true;
        long expected = next;
        try {
            timer.schedule(() -> checkGap(expected), gapMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            gapCheck = false;
        }
    }

    private synchronized void checkGap(long expected) {
        gapCheck = false;
        if (next == expected && !waiting.isEmpty()) {
            skipGap();
        }
        if (!waiting.isEmpty()) {
            scheduleGapCheck();
        }
    }

    /** Gives up on the missing event: what waits behind it goes on. */
    private void skipGap() {
        next = waiting.firstKey();
        releaseInOrder();
    }

    private void releaseInOrder() {
        while (!waiting.isEmpty() && waiting.firstKey() == next) {
            waiting.pollFirstEntry().getValue().run();
            next++;
        }
    }

    private void releaseAll() {
        for (Map.Entry<Long, Runnable> entry : waiting.entrySet()) {
            entry.getValue().run();
        }
        waiting.clear();
    }

    /** Events waiting for an earlier one (for tests). */
    synchronized int waiting() {
        return waiting.size();
    }
}
