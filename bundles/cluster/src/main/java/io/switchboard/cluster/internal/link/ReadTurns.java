package io.switchboard.cluster.internal.link;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a link's frames are read and handled without a hand-off on the way: "leader and followers".
 * One thread at a time holds a link's read turn. It reads what has arrived (up to a batch), passes
 * the turn to the next pool thread, and then handles those frames itself: a call or an answer is
 * handled on the thread that read it, so one in flight costs no thread switch, while the next frames
 * are read meanwhile by the next thread, so a handler that takes long holds up only its own batch.
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
