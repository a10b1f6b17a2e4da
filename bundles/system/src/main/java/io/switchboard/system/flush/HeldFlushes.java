package io.switchboard.system.flush;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
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

    /**
     * One thread's held flushes, in the order first asked; kept with the thread, so work that writes
     * nothing costs no allocation. Most work writes to one or two connections (a pipelined burst: the
     * writer's answers and its subscriber's publications), found by a look at the few held; a
     * fan-out to many is indexed by identity as well.
     */
    private static final class Held {
        private static final int FEW = 8;
        boolean active;
        final List<Runnable> flushes = new ArrayList<>();
        final Set<Runnable> many = Collections.newSetFromMap(new IdentityHashMap<>());

        void add(Runnable flush) {
            int size = flushes.size();
            if (size < FEW) {
                for (int i = size - 1; i >= 0; i--) {
                    if (flushes.get(i) == flush) {
                        return;
                    }
                }
                flushes.add(flush);
                if (size + 1 == FEW) {
                    many.addAll(flushes);
                }
            } else if (many.add(flush)) {
                flushes.add(flush);
            }
        }

        Runnable[] takeAll() {
            Runnable[] due = flushes.toArray(new Runnable[0]);
            flushes.clear();
            if (!many.isEmpty()) {
                many.clear();
            }
            return due;
        }
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
                for (Runnable flush : held.takeAll()) {
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
     * How many connections' flushes this thread's work holds now (0 outside {@link #during}): how
     * many it has written to. A writer that could hand its work to other threads uses it to keep a
     * fan-out to many from being written by this one thread alone.
     *
     * @since 1.1
     */
    public static int held() {
        Held held = HELD.get();
        return held.active ? held.flushes.size() : 0;
    }

    /**
     * Flushes now, or, inside {@link #during} on this thread, once when that work ends. The same
     * flush object asked for twice runs once: keep one per connection, not a new lambda each time.
     */
    public static void now(Runnable flush) {
        Held held = HELD.get();
        if (held.active) {
            held.add(flush);
        } else {
            flush.run();
        }
    }
}
