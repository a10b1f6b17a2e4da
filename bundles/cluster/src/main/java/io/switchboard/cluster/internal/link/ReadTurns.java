package io.switchboard.cluster.internal.link;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a link's frames are read and handled without a hand-off on the way. One thread at a time
 * holds a link's read turn: it reads what has arrived (up to a batch), handles those frames itself
 * (a call runs, an answer is resolved, on the thread that read it), writes what that handling sent
 * in one go, and reads on. One in flight thus costs no thread switch. When handling a batch takes
 * long (a method that blocks), the {@link TurnKeeper} passes the turn to another pool thread, which
 * reads the next frames meanwhile: a slow method holds up the calls read with it, and the ones
 * behind for {@link TurnKeeper#HAND_ON_NANOS} at most.
 */
final class ReadTurns {

    /** Frames handled by one thread in a row, at most: the ones already read into the buffer. */
    static final int MAX_BATCH = 64;

    private ReadTurns() {
    }

    /**
     * Reads the next frame, waiting for it, then whatever further frames have already arrived.
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
