package io.switchboard.system.durability;

/**
 * Makes changes durable in groups: a writer that needs its change on disk waits until a commit that
 * started after its change has finished. Whoever finds no commit running runs one for everybody
 * waiting, so under load one commit (and fsync) covers many writes instead of one each. The bus's
 * file driver uses it; the data store's persistent provider acknowledges its writes without a
 * waiting thread each (its own committer thread), so that a pipelining session is not held up.
 */
public final class GroupCommit {

    private final Runnable commit;
    private long requested;
    private long completed;
    private boolean committing;

    /** @param commit writes what the store holds to disk (and syncs it, when the store promises that) */
    public GroupCommit(Runnable commit) {
        this.commit = commit;
    }

    /** Call after the change is in the store; returns once a commit that started after it has finished. */
    public void awaitDurable() {
        long ticket;
        synchronized (this) {
            ticket = ++requested;
        }
        while (true) {
            long target;
            synchronized (this) {
                while (committing && completed < ticket) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the disk", e);
                    }
                }
                if (completed >= ticket) {
                    return;
                }
                committing = true;
                target = requested; // every change with a ticket up to here is already in the store
            }
            boolean ok = false;
            try {
                commit.run();
                ok = true;
            } finally {
                synchronized (this) {
                    committing = false;
                    if (ok) {
                        completed = Math.max(completed, target);
                    }
                    notifyAll();
                }
            }
        }
    }
}
