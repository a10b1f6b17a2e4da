package io.switchboard.cluster.internal.link;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * How a link's frames are read and handled without a hand-off on the way, for both sides of a link
 * (the one place: {@link InboundLink} and {@link OutboundLink} differ only in what they read and
 * do, their {@link Reader}). One thread at a time holds a link's read turn: it reads what has
 * arrived (up to a batch), handles those frames itself (a call runs, an answer is resolved, on the
 * thread that read it), writes what that handling sent in one go, and reads on. One in flight thus
 * costs no thread switch. When handling a batch takes long (a method that blocks), the
 * {@link TurnKeeper} passes the turn to another pool thread, which reads the next frames meanwhile,
 * and has what the held-up thread gathered written: a slow method holds up the calls read with it,
 * and the ones behind for the keeper's hand-on time at most.
 */
final class ReadTurns {

    /** Frames handled by one thread in a row, at most: the ones already read into the buffer. */
    static final int MAX_BATCH = 64;

    /** What one side of a link reads and does with it. */
    interface Reader {

        /**
         * Reads the next batch, waiting for it ({@link #batch}), and does what must happen before its
         * handling may pass to another thread; null when the link ended (the reader closed it).
         */
        List<Frame> read();

        /** Handles a batch while holding the turn: what it sends is written in one go when it returns. */
        void handle(List<Frame> batch);

        /** Whether the link is still open (a closed one is read no more). */
        boolean open();

        /** The pool refused a thread for the next turn: the node is stopping; the reader closes its link. */
        void refused();
    }

    private final Reader reader;
    private final FrameWriter writer;
    private final Executor threads;
    private final TurnKeeper.Turn turn;

    /**
     * @param writer  the link's writer, corked while a turn handles what it read
     * @param threads where the next turn runs when the keeper hands it on
     */
    ReadTurns(Reader reader, FrameWriter writer, Executor threads, TurnKeeper keeper) {
        this.reader = reader;
        this.writer = writer;
        this.threads = threads;
        this.turn = keeper.turn(writer, this::handOn);
    }

    /** Reads and handles, turn after turn, while this thread holds the link's read turn. */
    void run() {
        while (turn()) {
            // read on
        }
    }

    /** The link ended: the keeper forgets it. */
    void close() {
        turn.close();
    }

    /** One turn: reads a batch and handles it; whether this thread still holds the read turn. */
    private boolean turn() {
        List<Frame> batch = reader.read();
        if (batch == null) {
            return false;
        }
        long ticket = turn.handling();
        boolean kept;
        try {
            reader.handle(batch);
        } finally {
            kept = turn.done(ticket); // false: handed on meanwhile, another thread reads now
        }
        return kept && reader.open();
    }

    /** The keeper took the turn from a reader held up: what it gathered is written, and the link read, by other threads. */
    private void handOn() {
        try {
            threads.execute(writer::drain);
            threads.execute(this::run);
        } catch (RejectedExecutionException stopping) {
            reader.refused();
        }
    }

    /** A link's input, whose {@code available()} is what {@link #batch} needs: see {@link Buffered}. */
    static DataInputStream input(InputStream socket, int bufferBytes) {
        return new DataInputStream(new Buffered(socket, bufferBytes));
    }

    /**
     * A buffer whose {@code available()} counts the bytes already read from the socket and no more:
     * a batch takes the frames that came with the last read, and asking the socket for more would
     * cost a system call per batch (one per call when one is in flight), which the next read makes anyway.
     */
    private static final class Buffered extends BufferedInputStream {

        Buffered(InputStream in, int size) {
            super(in, size);
        }

        @Override
        public synchronized int available() {
            return count - pos;
        }
    }

    /**
     * Reads the next frame, waiting for it, then whatever further frames have already arrived
     * (with an {@link #input}: in the buffer).
     *
     * @throws java.io.EOFException at the end of the stream
     */
    static List<Frame> batch(DataInputStream in) throws IOException {
        List<Frame> batch = new ArrayList<>(4);
        batch.add(Frames.read(in, Frames.MAX_PAYLOAD_BYTES));
        while (batch.size() < MAX_BATCH && in.available() > 0) {
            batch.add(Frames.read(in, Frames.MAX_PAYLOAD_BYTES));
        }
        return batch;
    }
}
