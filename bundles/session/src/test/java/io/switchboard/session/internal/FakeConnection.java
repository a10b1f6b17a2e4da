package io.switchboard.session.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.switchboard.session.Connection;

/** A connection that records what is sent; a stalled one never finishes writing, like a client that stopped reading. */
final class FakeConnection implements Connection {

    final List<String> frames = new CopyOnWriteArrayList<>();
    volatile boolean stalled;
    volatile int pings;
    /** Socket writes: sends, each carrying the buffered frames before it. */
    volatile int writes;
    private final List<Runnable> buffered = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    volatile String closeReason;
    /** How many frames had reached the socket when the close was sent. */
    volatile int framesBeforeClose = -1;
    /** Whether the "reading thread" reads other connections too, as Jetty's selector does. */
    volatile boolean sharedReader;
    /** Whether the transport's threads are all taken: {@link #handOff} refuses. */
    volatile boolean handOffRefused;
    /** What the session handed to the transport's threads, to be run by the test. */
    final List<Runnable> handedOff = new CopyOnWriteArrayList<>();

    @Override
    public boolean readerIsShared() {
        return sharedReader;
    }

    @Override
    public boolean handOff(Runnable task) {
        if (handOffRefused) {
            return false;
        }
        handedOff.add(task);
        return true;
    }

    @Override
    public String transport() {
        return "fake";
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:5555";
    }

    @Override
    public void send(String frame, Consumer<Throwable> done) {
        writes++;
        List<Runnable> waiting = List.copyOf(buffered);
        buffered.removeAll(waiting);
        waiting.forEach(Runnable::run);
        record(frame, done);
    }

    private void record(String frame, Consumer<Throwable> done) {
        frames.add(frame);
        if (!stalled) {
            done.accept(null);
        }
    }

    /** Buffered frames reach {@link #frames} only with the next frame sent or a flush, as they reach a socket. */
    @Override
    public void sendBuffered(String frame, Consumer<Throwable> done) {
        buffered.add(() -> record(frame, done));
    }

    @Override
    public void write(byte[] frame, Consumer<Throwable> done) {
        sendBuffered(new String(frame, java.nio.charset.StandardCharsets.UTF_8), done);
    }

    /** One socket write for everything buffered, as the transport does. */
    @Override
    public void flush() {
        if (buffered.isEmpty()) {
            return;
        }
        writes++;
        List<Runnable> waiting = List.copyOf(buffered);
        buffered.removeAll(waiting);
        waiting.forEach(Runnable::run);
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(int code, String reason) {
        flush(); // what was written before the close goes first, as the transport does
        framesBeforeClose = frames.size();
        closeCode = code;
        closeReason = reason;
    }

    String last() {
        return frames.get(frames.size() - 1);
    }
}
