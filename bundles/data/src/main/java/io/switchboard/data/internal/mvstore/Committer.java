package io.switchboard.data.internal.mvstore;

import java.util.concurrent.TimeUnit;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit without a thread per waiting write. A write that must be durable asks, once its change
 * is in the store, for the promise of the next commit ({@link #afterChange}); one committer thread
 * runs one commit (and fsync) for every write that asked while the previous commit ran, then
 * resolves that one promise, which completes all their acknowledgements in one go. So a writer never
 * waits for the disk on its own thread (a session pipelining sets goes on to the next one), and one
 * commit covers as many writes as arrived during the last.
 *
 * <p>Unlike {@link io.switchboard.system.durability.GroupCommit}, which the bus's file driver uses and
 * whose waiters each park a thread, nothing here blocks but {@link #awaitDurable}, kept for the
 * provider's synchronous calls.
 *
 * <p>Callbacks on the promise run on the committer thread, in the order they were added, and hold up
 * the next commit while they run. A durable write that such a callback makes (and may block on)
 * is committed at once on that thread instead of waiting for itself.
 */
final class Committer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    /** Callbacks run inline, on the committer thread: no hand-off per acknowledgement. */
    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    private final Runnable commit;
    private final Thread thread;
    /** The commit that writes asking now wait for; null while none asked since the last one started. */
    private Deferred<Void> next;
    private boolean closed;

    /** @param commit writes what the store holds to disk (and syncs it, when the store promises that); throws when it cannot */
    Committer(String threadName, Runnable commit) {
        this.commit = commit;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Call after the change is in the store: the promise resolves once a commit that started after
     * this call has finished, or fails with what that commit threw. Writes asking before the same
     * commit share one promise.
     */
    Promise<Void> afterChange() {
        if (Thread.currentThread() == thread) {
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
     * A write made by a callback of the last commit, on this thread: it commits at once, since a
     * caller that blocks on its promise (as code written for an already resolved promise does)
     * would wait for this very thread.
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

    private void run() {
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
                if (next == null) {
                    return;
                }
                batch = next;
                next = null;
            }
            complete(batch);
        }
    }

    /** One commit for the batch; then its acknowledgements, which never stop this thread. */
    private void complete(Deferred<Void> batch) {
        Throwable failure = null;
        try {
            commit.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.warn("a commit of the data store failed: the writes waiting for it fail with data.store-failed", e);
        }
        try {
            if (failure == null) {
                batch.resolve(null);
            } else {
                batch.fail(failure);
            }
        } catch (RuntimeException e) {
            LOG.warn("a callback of a durable write failed", e);
        }
    }

    /** Commits what was asked for, then stops the thread (waiting at most 30 s for a commit that hangs). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.MILLISECONDS.toMillis(CLOSE_WAIT_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
