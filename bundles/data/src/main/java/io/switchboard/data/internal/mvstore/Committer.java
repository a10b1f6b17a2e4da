package io.switchboard.data.internal.mvstore;

import java.util.ArrayDeque;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.flush.HeldFlushes;

/**
 * Group commit without a thread per waiting write. A write that must be durable asks, once its change
 * is in the store, for the promise of the next commit ({@link #afterChange}); one committer thread
 * runs one commit (and fsync) for every write that asked while the previous commit ran. So a writer
 * never waits for the disk on its own thread (a session pipelining sets goes on to the next one), and
 * one commit covers as many writes as arrived during the last.
 *
 * <p>A second thread, the acknowledger, resolves each finished commit's promise, in commit order:
 * the callbacks (a session encoding and writing its answers, one per write) run there, while the
 * committer thread already runs the next commit and fsync. When the two ran on one thread, the disk
 * sat idle while the answers were written and the answers waited while the disk synced.
 *
 * <p>Unlike {@link io.switchboard.system.durability.GroupCommit}, which the bus's file driver uses and
 * whose waiters each park a thread, nothing here blocks but {@link #awaitDurable}, kept for the
 * provider's synchronous calls.
 *
 * <p>A callback must not block; one that makes a durable write (and may block on it) has it
 * committed at once on the acknowledger thread instead of waiting for that very thread.
 */
final class Committer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    /** Callbacks run inline, on the acknowledger thread: no hand-off per acknowledgement. */
    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    /** A commit that has finished (failure null) or failed, whose writes are still to be told. */
    private record Finished(Deferred<Void> batch, Throwable failure) {
    }

    private final Runnable commit;
    private final Thread committer;
    private final Thread acknowledger;
    /** The commit that writes asking now wait for; null while none asked since the last one started. */
    private Deferred<Void> next;
    private boolean closed;
    /**
     * Commits finished and not yet acknowledged, oldest first; guarded by itself. At most one entry
     * per commit, and a commit takes an fsync: it holds a few entries even when the answers are slow.
     */
    private final ArrayDeque<Finished> finished = new ArrayDeque<>();
    private boolean committerDone;

    /** @param commit writes what the store holds to disk (and syncs it, when the store promises that); throws when it cannot */
    Committer(String threadName, Runnable commit) {
        this.commit = commit;
        this.committer = new Thread(this::commitLoop, threadName);
        this.committer.setDaemon(true);
        this.acknowledger = new Thread(this::acknowledgeLoop, threadName + "-ack");
        this.acknowledger.setDaemon(true);
        this.committer.start();
        this.acknowledger.start();
    }

    /**
     * Call after the change is in the store: the promise resolves once a commit that started after
     * this call has finished, or fails with what that commit threw. Writes asking before the same
     * commit share one promise.
     */
    Promise<Void> afterChange() {
        if (Thread.currentThread() == acknowledger) {
            return commitHere();
        }
        synchronized (this) {
            if (closed) {
                return PROMISES.failed(new IllegalStateException("the store is closed"));
            }
            if (next == null) {
                next = PROMISES.deferred();
                notifyAll();
            }
            return next.getPromise();
        }
    }

    /**
     * A write made by an acknowledgement's callback, on the acknowledger thread: it commits at once,
     * since a caller that blocks on its promise (as code written for an already resolved promise
     * does) would wait for this very thread.
     */
    private Promise<Void> commitHere() {
        try {
            commit.run();
            return PROMISES.resolved(null);
        } catch (RuntimeException | Error e) {
            LOG.warn("a commit of the data store failed: the write waiting for it fails with data.store-failed", e);
            return PROMISES.failed(e);
        }
    }

    /** Returns once a commit that started after the call has finished; throws what that commit threw. */
    void awaitDurable() {
        Throwable failure;
        try {
            failure = afterChange().getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the disk", e);
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException("the commit failed", failure);
        }
    }

    private void commitLoop() {
        while (true) {
            Deferred<Void> batch;
            synchronized (this) {
                while (next == null && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // only close() ends this thread, after the last commit asked for
                    }
                }
                batch = next;
                next = null;
            }
            if (batch == null) {
                synchronized (finished) {
                    committerDone = true;
                    finished.notifyAll();
                }
                return;
            }
            Throwable failure = null;
            try {
                commit.run();
            } catch (RuntimeException | Error e) {
                failure = e;
                LOG.warn("a commit of the data store failed: the writes waiting for it fail with data.store-failed", e);
            }
            synchronized (finished) {
                finished.add(new Finished(batch, failure));
                finished.notifyAll();
            }
        }
    }

    /** Tells the writes of each finished commit, in commit order, until the committer has stopped and all are told. */
    private void acknowledgeLoop() {
        while (true) {
            Finished done;
            synchronized (finished) {
                while (finished.isEmpty() && !committerDone) {
                    try {
                        finished.wait();
                    } catch (InterruptedException e) {
                        // only the committer's end stops this thread
                    }
                }
                done = finished.poll();
            }
            if (done == null) {
                return;
            }
            // the answers to this commit's writes leave as one socket write per connection
            HeldFlushes.during(() -> acknowledge(done));
        }
    }

    /** Resolves one commit's promise; its callbacks never stop this thread. */
    private static void acknowledge(Finished done) {
        try {
            if (done.failure() == null) {
                done.batch().resolve(null);
            } else {
                done.batch().fail(done.failure());
            }
        } catch (RuntimeException e) {
            LOG.warn("a callback of a durable write failed", e);
        }
    }

    /**
     * Commits what was asked for and acknowledges it, then stops both threads (waiting at most 30 s
     * for a commit that hangs).
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (Thread.currentThread() == acknowledger) {
            return;
        }
        try {
            long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
            committer.join(CLOSE_WAIT_MILLIS);
            acknowledger.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
