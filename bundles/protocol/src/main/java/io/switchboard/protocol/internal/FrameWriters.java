package io.switchboard.protocol.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * Writes frames with one Jackson generator per thread, kept open from frame to frame, each frame a
 * root value of its own: a generator made per frame (with its I/O context, write contexts, content
 * reference and output builder) was a tenth of the allocation of a pipelined set. The generator and its
 * builder are dropped, and the next frame on that thread gets new ones, after a frame that failed
 * part-way (its state is unknown), one written while another was (a writing that writes a frame
 * itself), and one bigger than {@link #KEPT_BYTES} (so that a thread keeps no large buffer).
 */
final class FrameWriters {

    /** What writes one frame's JSON. */
    interface Writing {
        void to(JsonGenerator generator) throws IOException;
    }

    /** A frame this big or bigger leaves its thread without a kept generator: its builder's block may be as big. */
    static final int KEPT_BYTES = 16 * 1024;

    private final JsonFactory factory;
    private final ThreadLocal<Writer> writers = new ThreadLocal<>();

    FrameWriters(JsonFactory factory) {
        this.factory = factory;
    }

    /** The frame's UTF-8 bytes. */
    byte[] write(Writing writing) {
        Writer kept = writers.get();
        boolean own = kept != null && !kept.busy; // a busy one is writing the frame this one is written for
        Writer writer = own ? kept : new Writer(factory);
        writer.busy = true;
        byte[] frame;
        try {
            frame = writer.write(writing);
        } catch (RuntimeException | Error e) {
            if (own) {
                writers.remove(); // its state is unknown now
            }
            throw e;
        } finally {
            writer.busy = false;
        }
        if (frame.length >= KEPT_BYTES) {
            if (own) {
                writers.remove();
            }
        } else if (kept == null) {
            writers.set(writer);
        }
        return frame;
    }

    /** A generator over a builder; between frames both are empty. */
    private static final class Writer {
        private final ByteArrayBuilder out = new ByteArrayBuilder();
        private final JsonGenerator generator;
        boolean busy;

        Writer(JsonFactory factory) {
            try {
                generator = factory.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException("no generator", e); // not reached: a generator over memory opens without I/O
            }
            generator.setRootValueSeparator(null); // frames follow each other with nothing between them
        }

        byte[] write(Writing writing) {
            try {
                writing.to(generator);
                generator.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("a frame could not be written", e);
            } finally {
                out.reset();
            }
        }
    }
}
