package io.switchboard.bus.internal.file;

import org.h2.mvstore.MVStore;

/**
 * Makes changes durable in groups (the data store's approach): a writer that needs its change on
 * disk waits until a commit that started after its change has finished; whoever finds no commit
 * running runs one for everybody waiting, so under load one commit covers many publishes and acks.
 */
final class GroupCommit {

    private final MVStore store;
    private final boolean fsync;
    private long requested;
    private long completed;
    private boolean committing;

    GroupCommit(MVStore store, boolean fsync) {
        this.store = store;
        this.fsync = fsync;
    }

    /** Call after the change is in the store's maps; returns once it is committed (and synced, with fsync). */
    void awaitDurable() {
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
                target = requested;
            }
            boolean ok = false;
            try {
                store.commit();
                if (fsync) {
                    store.sync();
                }
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
