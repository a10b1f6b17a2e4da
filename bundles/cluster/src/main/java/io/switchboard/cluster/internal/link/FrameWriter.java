package io.switchboard.cluster.internal.link;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes frames to one link from any thread. Whoever finds the link idle writes, and also writes
 * whatever others queued meanwhile, then flushes once: one call in flight costs no hand-off to a
 * writer thread, and many in flight share system calls.
 *
 * <p>A thread that writes may block while the peer's receive buffer is full. Threads that read a
 * link never write to it through here in a way that waits on themselves: answers are written by the
 * threads that computed them.
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

    /** @param failed told once, on the thread whose write failed */
    FrameWriter(OutputStream out, Consumer<IOException> failed) {
        this.out = out;
        this.failed = failed;
    }

    /** Queues a frame and writes it unless another thread is writing (which then takes it along). */
    void send(byte[] frame, Sending sending) {
        queue.add(new Outgoing(frame, sending));
        drain();
    }

    /** Writes under the lock while there is something to write; re-checks after unlocking so nothing is stranded. */
    private void drain() {
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
