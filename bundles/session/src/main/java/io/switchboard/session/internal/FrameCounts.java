package io.switchboard.session.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One session's frames and bytes each way, kept by the session and read only when the metrics are
 * read (docs/metrics.md), so that a frame costs two plain adds whether the stats service runs or
 * not. Each direction has one writer at a time: the transport's reading thread in, the session's
 * outbound lane out (whose runs follow each other); the stores are opaque so that a reader on
 * another thread sees whole, recent values without the writers paying for a fence or an atomic.
 */
final class FrameCounts {

    private static final VarHandle FRAMES_IN;
    private static final VarHandle BYTES_IN;
    private static final VarHandle FRAMES_OUT;
    private static final VarHandle BYTES_OUT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FRAMES_IN = lookup.findVarHandle(FrameCounts.class, "framesIn", long.class);
            BYTES_IN = lookup.findVarHandle(FrameCounts.class, "bytesIn", long.class);
            FRAMES_OUT = lookup.findVarHandle(FrameCounts.class, "framesOut", long.class);
            BYTES_OUT = lookup.findVarHandle(FrameCounts.class, "bytesOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long framesIn;
    private long bytesIn;
    private long framesOut;
    private long bytesOut;

    /** A frame received; on the transport's reading thread only. */
    void in(long bytes) {
        FRAMES_IN.setOpaque(this, framesIn + 1);
        BYTES_IN.setOpaque(this, bytesIn + bytes);
    }

    /** A frame written; on the session's outbound lane only. */
    void out(long bytes) {
        FRAMES_OUT.setOpaque(this, framesOut + 1);
        BYTES_OUT.setOpaque(this, bytesOut + bytes);
    }

    long framesIn() {
        return (long) FRAMES_IN.getOpaque(this);
    }

    long bytesIn() {
        return (long) BYTES_IN.getOpaque(this);
    }

    long framesOut() {
        return (long) FRAMES_OUT.getOpaque(this);
    }

    long bytesOut() {
        return (long) BYTES_OUT.getOpaque(this);
    }
}
