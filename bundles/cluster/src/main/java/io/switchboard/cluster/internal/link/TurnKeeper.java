package io.switchboard.cluster.internal.link;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands a link's read turn on when its reader is held up. A link's reader handles what it read
 * itself (runs the calls, or resolves the answers) and then reads on: no thread switch per frame,
 * which on a small machine cost more than the rest of a call. When that handling takes longer than
 * {@link #HAND_ON_NANOS} (a method that blocks, a caller that waits, a write the peer does not
 * take), this keeper gives the read turn to another thread, so the frames behind are read and
 * handled meanwhile, and has what the reader gathered to write written ({@link FrameWriter#cork}).
 * One keeper thread serves every link of a {@link LinkServer} or a {@link Links}; it ticks every
 * hand-on time while a link is handling something and sleeps once none has for a while.
 */
final class TurnKeeper implements AutoCloseable {

    /**
     * How long a reader may handle what it read before the turn passes to another thread; also how
     * often the keeper looks, so a reader held up keeps the turn for one to two of these. Every look
     * wakes a thread, which on a small loaded machine costs as much as a few calls: 2 ms keeps that
     * at 500 a second, while a thread switch per batch cost one per call.
     */
    static final long HAND_ON_NANOS = 2_000_000;
    /**
     * The JVM property that sets another hand-on time, in microseconds (100 to 100,000), to measure
     * the trade-off (bench/cluster.sh, JAVA_OPTS); not a setting users need.
     */
    static final String HAND_ON_PROPERTY = "switchboard.cluster.readTurnHandOnMicros";
    /** How long without any handling before the keeper stops ticking (a link that starts handling wakes it). */
    private static final long IDLE_NANOS = 200_000_000;

    /** What a link does when its turn is handed on: have its writer drained and its next read turn run, elsewhere. */
    interface HandOn {
        void handOn();
    }

    private final Set<Turn> turns = ConcurrentHashMap.newKeySet();
    private final long handOnNanos;
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean closed;

    /** A keeper with the hand-on time of {@link #HAND_ON_PROPERTY}, or {@link #HAND_ON_NANOS}. */
    TurnKeeper(String name) {
        this(name, handOnNanos(System.getProperty(HAND_ON_PROPERTY)));
    }

    /** @param handOnNanos how long a reader may handle what it read before its turn passes on; also how often the keeper looks */
    TurnKeeper(String name, long handOnNanos) {
        this.handOnNanos = handOnNanos;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The read turn of a new link. */
    Turn turn(FrameWriter writer, HandOn handOn) {
        Turn turn = new Turn(writer, handOn);
        turns.add(turn);
        return turn;
    }

    /** One link's read turn, held by the thread that read its last frames while it handles them. */
    final class Turn {

        private final FrameWriter writer;
        private final HandOn handOn;
        /** The ticket of the handling under way; 0 when none; -1 once the keeper handed the turn on. */
        private final AtomicLong holder = new AtomicLong();
        private final AtomicLong tickets = new AtomicLong();
        private volatile long since;

        private Turn(FrameWriter writer, HandOn handOn) {
            this.writer = writer;
            this.handOn = handOn;
        }

        /** The reader starts handling what it read; pass the ticket to {@link #done}. */
        long handling() {
            long ticket = tickets.incrementAndGet();
            since = System.nanoTime();
            writer.cork();
            holder.set(ticket);
            if (sleeping) {
                LockSupport.unpark(thread);
            }
            return ticket;
        }

        /**
         * The reader wrote what it gathered and is done: whether it still holds the turn (it reads on)
         * or the keeper handed it on meanwhile (the thread leaves the link).
         */
        boolean done(long ticket) {
            writer.uncork(); // still within the handling: a write that blocks lets the keeper hand the turn on
            return holder.compareAndSet(ticket, 0);
        }

        /** The link ended. */
        void close() {
            turns.remove(this);
        }

        /** Hands the turn on when its handling is too long; whether it is handling at all. */
        private boolean check(long now) {
            long held = holder.get();
            if (held <= 0) {
                return false;
            }
            if (now - since >= handOnNanos && holder.compareAndSet(held, -1)) {
                writer.release();
                handOn.handOn();
            }
            return true;
        }
    }

    private void run() {
        long lastBusy = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (anyHandling(now)) {
                lastBusy = now;
            } else if (now - lastBusy > IDLE_NANOS) {
                sleeping = true;
                if (!anyHandling(System.nanoTime())) { // a reader that started meanwhile saw sleeping, or is seen here
                    LockSupport.park(this);
                }
                sleeping = false;
                lastBusy = System.nanoTime();
                continue;
            }
            LockSupport.parkNanos(this, handOnNanos);
        }
    }

    private boolean anyHandling(long now) {
        boolean any = false;
        for (Turn turn : turns) {
            any |= turn.check(now);
        }
        return any;
    }

    /** The property's value in nanoseconds; the default when it is unset or out of range. */
    static long handOnNanos(String micros) {
        if (micros == null) {
            return HAND_ON_NANOS;
        }
        try {
            long value = Long.parseLong(micros.trim());
            return value >= 100 && value <= 100_000 ? value * 1_000 : HAND_ON_NANOS;
        } catch (NumberFormatException e) {
            return HAND_ON_NANOS;
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
