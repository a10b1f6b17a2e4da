package io.switchboard.cluster.internal.link;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes frames to one link from any thread. Whoever finds the link idle writes, and also writes
 * whatever others queued meanwhile, then flushes once: one call in flight costs no hand-off to a
 * writer thread, and many in flight share system calls. A link's reader {@linkplain #cork corks} the
 * writer while it handles what it read, so the answers (or next calls) that handling sends go out
 * together, in one write, when it {@linkplain #uncork uncorks}.
 *
 * <p>A thread that writes may block while the peer's receive buffer is full. A reader blocked so
 * keeps the read turn only until the {@link TurnKeeper} hands it on, so the link is still read.
 */
final class FrameWriter {

    /** Told just before its frame goes to the socket: from then on the peer may have it. */
    interface Sending {
        void sending();
    }

    private record Outgoing(byte[] bytes, Sending sending) {
    }

    private final OutputStream out;
    private final Consumer<IOException> failed;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean broken;
    /** The thread whose frames wait for its {@link #uncork}; null when none does. */
    private final AtomicReference<Thread> corked = new AtomicReference<>();

    /** @param failed told once, on the thread whose write failed */
    FrameWriter(OutputStream out, Consumer<IOException> failed) {
        this.out = out;
        this.failed = failed;
    }

    /** Queues a frame and writes it unless another thread is writing (which then takes it along). */
    void send(byte[] frame, Sending sending) {
        queue.add(new Outgoing(frame, sending));
        if (corked.get() != Thread.currentThread()) {
            drain();
        }
    }

    /** Until {@link #uncork}, what this thread sends waits (what other threads send takes it along). */
    void cork() {
        corked.set(Thread.currentThread());
    }

    /** Writes what this thread gathered since {@link #cork}. */
    void uncork() {
        corked.compareAndSet(Thread.currentThread(), null);
        drain();
    }

    /** Ends any thread's cork without writing (the {@link TurnKeeper}, which must not block on the socket, then has {@link #drain} run elsewhere). */
    void release() {
        corked.set(null);
    }

    /** Writes under the lock while there is something to write; re-checks after unlocking so nothing is stranded. */
    void drain() {
        while (!broken && !queue.isEmpty() && lock.tryLock()) {
            IOException failure = null;
            try {
                boolean wrote = false;
                Outgoing next;
                while (!broken && (next = queue.poll()) != null) {
                    if (next.sending() != null) {
                        next.sending().sending();
                    }
                    out.write(next.bytes());
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                }
            } catch (IOException e) {
                broken = true;
                failure = e;
            } finally {
                lock.unlock();
            }
            if (failure != null) {
                failed.accept(failure);
            }
        }
    }

    /** Stops writing: frames still queued are never sent (their senders learn it from the link's close). */
    void stop() {
        broken = true;
        queue.clear();
    }
}
