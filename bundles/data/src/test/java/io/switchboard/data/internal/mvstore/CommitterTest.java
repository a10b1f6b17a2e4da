package io.switchboard.data.internal.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

/**
 * The group commit of the persistent store, with a fake commit that counts and that the test lets
 * through one at a time: no timing, no disk.
 */
class CommitterTest {

    /** A commit that waits for the test's permit, counts what finished, and fails when told to. */
    private static final class GatedCommit implements Runnable {
        final Semaphore permits = new Semaphore(0);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        /** A permit per commit that finished, for a test to wait on. */
        final Semaphore done = new Semaphore(0);
        volatile RuntimeException failure;

        @Override
        public void run() {
            started.incrementAndGet();
            entered.countDown();
            permits.acquireUninterruptibly();
            RuntimeException fail = failure;
            if (fail != null) {
                throw fail;
            }
            finished.incrementAndGet();
            done.release();
        }
    }

    private final GatedCommit commit = new GatedCommit();
    private final Committer committer = new Committer("test-commit", commit);

    @AfterEach
    void close() {
        commit.permits.release(1_000);
        committer.close();
    }

    @Test
    void writesArrivingDuringACommitShareTheNextOneAndEachIsAcknowledgedOnlyAfterIt() throws Exception {
        Promise<Void> first = committer.afterChange();
        assertTrue(commit.entered.await(10, TimeUnit.SECONDS), "the first write started no commit");

        int writes = 100;
        List<Promise<Void>> waiting = new ArrayList<>();
        int[] commitsSeenAtAcknowledgement = new int[writes];
        // a promise is resolved before its callbacks have run: the test waits for the callbacks themselves
        CountDownLatch acknowledged = new CountDownLatch(writes);
        for (int i = 0; i < writes; i++) {
            Promise<Void> durable = committer.afterChange();
            int index = i;
            durable.onResolve(() -> {
                commitsSeenAtAcknowledgement[index] = commit.finished.get();
                acknowledged.countDown();
            });
            waiting.add(durable);
        }
        assertFalse(first.isDone(), "acknowledged before its commit finished");
        waiting.forEach(p -> assertFalse(p.isDone(), "acknowledged before any commit covered it"));

        commit.permits.release(); // the first commit: it started before the 100 writes, so it covers none of them
        assertNull(first.getFailure());
        assertEquals(1, commit.finished.get());
        waiting.forEach(p -> assertFalse(p.isDone(), "acknowledged by a commit that started before the write"));

        commit.permits.release(); // one commit for all 100
        for (Promise<Void> durable : waiting) {
            assertNull(durable.getFailure());
        }
        assertTrue(acknowledged.await(10, TimeUnit.SECONDS), "every acknowledgement ran");
        for (int seen : commitsSeenAtAcknowledgement) {
            assertEquals(2, seen, "each write is acknowledged after the commit that covers it");
        }
        assertEquals(2, commit.started.get(), "101 writes took 2 commits");
    }

    @Test
    void aFailedCommitFailsEveryWriteWaitingForItAndTheNextCommitServesNewWrites() throws Exception {
        Promise<Void> first = committer.afterChange();
        assertTrue(commit.entered.await(10, TimeUnit.SECONDS));
        List<Promise<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(committer.afterChange());
        }
        commit.permits.release(); // the first succeeds
        assertNull(first.getFailure());
        UncheckedIOException diskFull = new UncheckedIOException(new java.io.IOException("No space left on device"));
        commit.failure = diskFull;
        commit.permits.release(); // the second fails
        for (Promise<Void> durable : waiting) {
            assertSame(diskFull, durable.getFailure(), "a write whose commit failed is not acknowledged");
        }

        commit.failure = null;
        Promise<Void> later = committer.afterChange();
        commit.permits.release();
        assertNull(later.getFailure(), "the committer goes on after a failed commit");
        assertEquals(3, commit.started.get());
        assertEquals(2, commit.finished.get());
    }

    /** Code written for promises that used to be resolved at once blocks on them in its callbacks. */
    @Test
    void aWriteMadeByAnAcknowledgementIsCommittedOnItsOwnThreadInsteadOfWaitingForItself() throws Exception {
        Promise<Void> first = committer.afterChange();
        CountDownLatch nestedDone = new CountDownLatch(1);
        boolean[] nestedDurableAtOnce = new boolean[1];
        first.onResolve(() -> { // runs on the acknowledger thread
            try {
                Promise<Void> nested = committer.afterChange();
                nestedDurableAtOnce[0] = nested.isDone() && nested.getFailure() == null;
                committer.awaitDurable();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            nestedDone.countDown();
        });
        commit.permits.release(3); // the first commit, then the two nested ones, run inline
        assertTrue(nestedDone.await(10, TimeUnit.SECONDS), "a blocking wait on the committer thread deadlocked");
        assertTrue(nestedDurableAtOnce[0], "the nested write was not committed before its promise was given");
        assertEquals(3, commit.finished.get());
    }

    /** The disk does not sit idle while answers are written, nor do answers wait for the disk. */
    @Test
    void theNextCommitRunsWhileTheLastOnesAcknowledgementsStillRunAndTheyAreToldInCommitOrder() throws Exception {
        Promise<Void> first = committer.afterChange();
        CountDownLatch acknowledging = new CountDownLatch(1);
        CountDownLatch endAcknowledgement = new CountDownLatch(1);
        first.onResolve(() -> {
            acknowledging.countDown();
            try {
                endAcknowledgement.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        commit.permits.release();
        assertTrue(acknowledging.await(10, TimeUnit.SECONDS), "the first commit was not acknowledged");

        Promise<Void> second = committer.afterChange();
        commit.permits.release();
        assertTrue(commit.done.tryAcquire(2, 10, TimeUnit.SECONDS), "the second commit waited for the first one's acknowledgements");
        assertFalse(second.isDone(), "a later commit was acknowledged before an earlier one's acknowledgements ended");

        endAcknowledgement.countDown();
        assertNull(second.getFailure());
        assertEquals(2, commit.finished.get());
    }

    @Test
    void theSynchronousWaitThrowsWhatTheCommitThrew() {
        IllegalStateException broken = new IllegalStateException("store closed by a disk error");
        commit.failure = broken;
        commit.permits.release();
        assertSame(broken, assertThrows(IllegalStateException.class, committer::awaitDurable));
    }

    @Test
    void closingCommitsWhatIsWaitingAndRefusesLaterWrites() throws Exception {
        Promise<Void> waiting = committer.afterChange();
        commit.permits.release();
        committer.close();
        assertTrue(waiting.isDone(), "close returned before the waiting write's commit");
        assertNull(waiting.getFailure());
        assertTrue(committer.afterChange().getFailure() instanceof IllegalStateException, "a write after close is refused");
    }
}
