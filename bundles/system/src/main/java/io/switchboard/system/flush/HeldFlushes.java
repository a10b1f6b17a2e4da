package io.switchboard.system.flush;

import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a thread that writes to many connections in one go send what it wrote as one socket write
 * per connection. The data store's acknowledger resolves every write of a commit at once; a thread
 * reading a pipelining client's frames handles a run of requests, each of whose publications may
 * go to the same subscribers; a fan-out writes one event to every subscriber. Each answer or
 * publication would otherwise end its session's outbound run with a flush of its own: a socket
 * write per message. Inside {@link #during}, a flush asked for on the same thread ({@link #now}) is
 * held and run once, at the end, however many messages went to that connection.
 *
 * <p>What is held is the thread's own: another thread's flushes are not delayed, and the frames
 * held wait only while the work runs. The set of held flushes is as large as the connections the
 * work wrote to, which the session limit bounds.
 */
public final class HeldFlushes {

    private static final Logger LOG = LoggerFactory.getLogger(HeldFlushes.class);
    private static final ThreadLocal<Held> HELD = ThreadLocal.withInitial(Held::new);

    /** One thread's held flushes; kept with the thread, so work that writes nothing costs no allocation. */
    private static final class Held {
        boolean active;
        final Set<Runnable> flushes = new LinkedHashSet<>();
    }

    private HeldFlushes() {
    }

    /**
     * Runs the work; the flushes it asks for on this thread run once each when it ends (in the order
     * first asked), even when it throws. Nested, it runs within the outer one.
     */
    public static void during(Runnable work) {
        Held held = HELD.get();
        if (held.active) {
            work.run();
            return;
        }
        held.active = true;
        try {
            work.run();
        } finally {
            held.active = false;
            if (!held.flushes.isEmpty()) {
                // taken out first: a flush may itself start work that holds flushes on this thread
                Runnable[] due = held.flushes.toArray(new Runnable[0]);
                held.flushes.clear();
                for (Runnable flush : due) {
                    try {
                        flush.run();
                    } catch (RuntimeException e) {
                        LOG.warn("a held flush failed: {}", e.toString());
                    }
                }
            }
        }
    }

    /**
     * Flushes now, or, inside {@link #during} on this thread, once when that work ends. The same
     * flush object asked for twice runs once: keep one per connection, not a new lambda each time.
     */
    public static void now(Runnable flush) {
        Held held = HELD.get();
        if (held.active) {
            held.flushes.add(flush);
        } else {
            flush.run();
        }
    }
}
