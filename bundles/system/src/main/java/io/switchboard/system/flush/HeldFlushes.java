package io.switchboard.system.flush;

import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a thread that completes many requests in one go send their answers as one socket write per
 * connection. The data store's acknowledger resolves every write of a commit at once, and each
 * answer would otherwise end its session's outbound run with a flush of its own: a socket write per
 * answer. Inside {@link #during}, a flush asked for on the same thread ({@link #now}) is held and
 * run once, at the end, however many answers went to that connection.
 *
 * <p>What is held is the thread's own: another thread's flushes are not delayed, and the frames
 * held wait only while the work runs. The set of held flushes is as large as the connections the
 * work answered, which the session limit bounds.
 */
public final class HeldFlushes {

    private static final Logger LOG = LoggerFactory.getLogger(HeldFlushes.class);
    private static final ThreadLocal<Set<Runnable>> HELD = new ThreadLocal<>();

    private HeldFlushes() {
    }

    /**
     * Runs the work; the flushes it asks for on this thread run once each when it ends (in the order
     * first asked), even when it throws. Nested, it runs within the outer one.
     */
    public static void during(Runnable work) {
        if (HELD.get() != null) {
            work.run();
            return;
        }
        Set<Runnable> held = new LinkedHashSet<>();
        HELD.set(held);
        try {
            work.run();
        } finally {
            HELD.remove();
            for (Runnable flush : held) {
                try {
                    flush.run();
                } catch (RuntimeException e) {
                    LOG.warn("a held flush failed: {}", e.toString());
                }
            }
        }
    }

    /**
     * Flushes now, or, inside {@link #during} on this thread, once when that work ends. The same
     * flush object asked for twice runs once: keep one per connection, not a new lambda each time.
     */
    public static void now(Runnable flush) {
        Set<Runnable> held = HELD.get();
        if (held == null) {
            flush.run();
        } else {
            held.add(flush);
        }
    }
}
