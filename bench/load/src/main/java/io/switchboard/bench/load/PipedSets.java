package io.switchboard.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code EdgeLoad pipe}'s two connections: a writer that pipelines sets under /bench/pipe/*, at most
 * {@link #WINDOW} unanswered, and a subscriber to them. Rounds of sets run one after another on the
 * same two connections; a round ends when its every publication has come (or after 60 s). Each set
 * carries the driver's clock at its write ({@code "t"}), so that a publication's latency is read from
 * its own bytes, and a publication of an earlier round that came late is not counted in a later one.
 */
final class PipedSets implements AutoCloseable {

    static final int WINDOW = 200;
    private static final long ROUND_SECONDS = 60;
    private static final byte[] PUBLICATION = Bytes.ascii("{\"publication\"");
    private static final byte[] TIME = Bytes.ascii("\"t\":");
    private static final String PAYLOAD = "x".repeat(60);
    /**
     * Sets publish without storing, unless EDGE_STORE=persistent asks for them to be stored
     * (acknowledged at the default consistency, by the runtime's default store).
     */
    private static final String OPTIONS = "persistent".equals(System.getenv("EDGE_STORE")) ? "" : ",\"options\":{\"noStore\":true}";

    /** A round's figures, complete once {@link #round} has returned it; {@code cost} is the driver's from the round's start. */
    record Round(long received, boolean complete, double seconds, Stats latency, DriverWarmUp.Cost cost) {
    }

    /** The round whose publications the subscriber counts: its start, its latencies, what it still waits for. */
    private record Counting(long startNanos, Stats latency, CountDownLatch left) {
    }

    private final FrameSocket writer;
    private final FrameSocket reader;
    private final Semaphore window = new Semaphore(WINDOW);
    private volatile Counting counting;
    private long nextId = 10;

    PipedSets(FrameSocket writer, FrameSocket reader) throws IOException {
        this.writer = writer;
        this.reader = reader;
        reader.send("{\"id\":1,\"action\":\"on\",\"path\":\"/bench/pipe/*\",\"options\":{\"eventType\":\"set\"}}", true);
        reader.receive();
        // the subscriber: publications read from their bytes on Jetty's reading thread, one at a time
        reader.listen(this::published);
        reader.onEnd(why -> {
            Counting now = counting;
            if (now != null && now.left().getCount() > 0) {
                System.err.println("subscriber: " + why);
            }
        });
        writer.listen(answer -> window.release());
    }

    private void published(ByteBuffer frame) {
        Counting now = counting;
        if (now == null || now.left().getCount() == 0 || !Bytes.startsWith(frame, PUBLICATION)) {
            return;
        }
        long written = Bytes.numberAfter(frame, TIME);
        if (written >= now.startNanos()) {
            now.latency().add(System.nanoTime() - written);
            now.left().countDown();
        }
    }

    /** Writes {@code n} sets, a window at most unanswered, and waits until all are published (60 s at most). */
    Round round(int n) throws Exception {
        DriverWarmUp.Cost cost = new DriverWarmUp.Cost();
        long start = System.nanoTime();
        Counting round = new Counting(start, new Stats(n), new CountDownLatch(n));
        counting = round;
        for (int i = 0; i < n; i++) {
            if (!window.tryAcquire()) {
                writer.flush();
                window.acquire();
            }
            writeSet(i);
        }
        writer.flush();
        boolean complete = round.left().await(ROUND_SECONDS, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long received = n - round.left().getCount();
        if (!complete) {
            System.err.println("pipe: only " + received + " of " + n + " publications within " + ROUND_SECONDS + " s");
        }
        return new Round(received, complete, seconds, round.latency(), cost);
    }

    /** One set, left in the writer's batch; a method of its own, so that the JIT compiles it once for every round. */
    private void writeSet(int i) throws IOException {
        writer.send("{\"id\":" + nextId++ + ",\"action\":\"set\",\"path\":\"/bench/pipe/" + (i % 100) + "\",\"data\":{\"t\":" + System.nanoTime()
                + ",\"payload\":\"" + PAYLOAD + "\"}" + OPTIONS + "}", false);
    }

    @Override
    public void close() {
        counting = null;
        writer.close();
        reader.close();
    }
}
