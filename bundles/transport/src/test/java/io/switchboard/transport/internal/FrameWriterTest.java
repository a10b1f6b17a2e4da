package io.switchboard.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's own frame writer against an in-memory socket (Jetty's {@code ByteArrayEndPoint},
 * whose output can be kept small so that a write takes part of what it is given): the bytes a client
 * would read, in order and framed as RFC 6455 says, and every frame's callback told once.
 */
class FrameWriterTest {

    private static final int BUFFER = 4096;

    private final ArrayByteBufferPool.Tracking pool = new ArrayByteBufferPool.Tracking();
    private final List<Throwable> writeFailures = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void noBufferLeaks() {
        assertEquals(0, pool.getLeaks().size(), "pooled buffers not released");
    }

    /** An endpoint that counts its flushes and takes {@code capacity} bytes until its output is taken. */
    private static final class Socket extends ByteArrayEndPoint {
        final AtomicInteger flushes = new AtomicInteger();

        Socket(int capacity, boolean grow) {
            super(new byte[0], capacity);
            setGrowOutput(grow);
        }

        @Override
        public boolean flush(ByteBuffer... buffers) throws IOException {
            flushes.incrementAndGet();
            return super.flush(buffers);
        }
    }

    private FrameWriter writer(Socket socket) {
        return new FrameWriter(socket, pool, BUFFER, writeFailures::add);
    }

    /** A frame's outcome: null while it waits, then "ok" or the failure. */
    private static final class Outcome implements Callback {
        final AtomicReference<Object> result = new AtomicReference<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void succeeded() {
            calls.incrementAndGet();
            result.set("ok");
        }

        @Override
        public void failed(Throwable cause) {
            calls.incrementAndGet();
            result.set(cause);
        }
    }

    private record Parsed(int first, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int opCode() {
            return first & 0x0F;
        }
    }

    /** Reads frames as a client does (a server's frames are not masked). */
    private static List<Parsed> parse(byte[] bytes) {
        List<Parsed> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            int first = in.get() & 0xFF;
            int second = in.get() & 0xFF;
            assertEquals(0, second & 0x80, "a server's frame is not masked");
            long length = second & 0x7F;
            if (length == 126) {
                length = in.getShort() & 0xFFFF;
            } else if (length == 127) {
                length = in.getLong();
            }
            byte[] payload = new byte[(int) length];
            in.get(payload);
            frames.add(new Parsed(first, payload));
        }
        return frames;
    }

    private static Frame text(String text) {
        return new Frame(OpCode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] taken(Socket socket) {
        ByteBuffer output = socket.takeOutput();
        byte[] bytes = new byte[output.remaining()];
        output.get(bytes);
        return bytes;
    }

    @Test
    void framesGoOutInOrderWithTheHeaderTheirLengthNeeds() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        int[] lengths = {0, 5, 125, 126, 65_535, 65_536, 200_000};
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            writer.enqueue(text(Character.toString('a' + i).repeat(lengths[i])), outcome, i < lengths.length - 1);
        }

        List<Parsed> frames = parse(taken(socket));
        assertEquals(lengths.length, frames.size());
        for (int i = 0; i < lengths.length; i++) {
            assertEquals(0x80 | OpCode.TEXT, frames.get(i).first(), "FIN and TEXT");
            assertEquals(Character.toString('a' + i).repeat(lengths[i]), frames.get(i).text());
            assertEquals("ok", outcomes.get(i).result.get());
        }
        assertEquals(lengths.length, writer.messagesOut());
    }

    @Test
    void batchedFramesWaitForOneThatIsNotThenGoInOneWrite() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        Outcome first = new Outcome();
        writer.enqueue(text("one"), first, true);
        writer.enqueue(text("two"), new Outcome(), true);
        assertEquals(0, socket.flushes.get(), "batched frames wait");
        assertNull(first.result.get());

        writer.enqueue(text("three"), new Outcome(), false);

        assertEquals(1, socket.flushes.get(), "one write for the run");
        assertEquals(List.of("one", "two", "three"), parse(taken(socket)).stream().map(Parsed::text).toList());
        assertEquals("ok", first.result.get());
    }

    /**
     * As Jetty's extension stack (permessage-deflate, which browsers negotiate) and fragmenting
     * flusher send: each frame only once the one before was called back. Called back only when
     * written, a batched frame would wait for the unbatched frame its sender holds until then.
     */
    @Test
    void aSenderThatWaitsForEachCallbackGetsItsBatchedFramesThrough() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        List<String> texts = List.of("one", "two", "three");
        Outcome last = new Outcome();
        sendOneAtATime(writer, texts, 0, last);

        assertEquals("ok", last.result.get(), "the run's last frame, sent after the batched ones were called back");
        assertEquals(texts, parse(taken(socket)).stream().map(Parsed::text).toList());
    }

    private static void sendOneAtATime(FrameWriter writer, List<String> texts, int index, Outcome last) {
        boolean isLast = index == texts.size() - 1;
        Callback next = isLast ? last : Callback.from(() -> sendOneAtATime(writer, texts, index + 1, last));
        writer.enqueueBorrowed(text(texts.get(index)), next, !isLast);
    }

    @Test
    void aBorrowedBatchedFrameIsWrittenAsItWasWhenItsSenderReusesThePayload() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        ByteBuffer reused = ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8));
        Outcome first = new Outcome();
        writer.enqueueBorrowed(new Frame(OpCode.TEXT, reused), first, true);
        assertEquals("ok", first.result.get(), "called back at once, as Jetty's flusher does with a batched frame");
        reused.array()[0] = 'X'; // the sender's pooled buffer goes to other work

        writer.enqueueBorrowed(text("second"), new Outcome(), false);

        assertEquals(List.of("first", "second"), parse(taken(socket)).stream().map(Parsed::text).toList());
    }

    /** Called back at once without bound, a sender's frames to a client that does not read would pile up unseen. */
    @Test
    void borrowedFramesToAClientThatDoesNotReadAreCalledBackAtOnceOnlyUpToABuffersWorth() {
        Socket socket = new Socket(100, false);
        FrameWriter writer = writer(socket);
        List<Outcome> outcomes = new ArrayList<>();
        String hundred = "b".repeat(100);
        for (int i = 0; i < 100; i++) {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            writer.enqueueBorrowed(text(hundred), outcome, true);
        }
        long early = outcomes.stream().filter(outcome -> outcome.result.get() != null).count();
        // a buffer's worth waiting, and at most one more in the write the socket holds
        assertTrue(early >= BUFFER / 110 - 1 && early <= 2 * (BUFFER / 100 + 1), "called back at once: " + early);
        assertTrue(early < 100, "not all of them");

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (int round = 0; round < 1_000 && outcomes.get(99).result.get() == null; round++) {
            received.writeBytes(taken(socket)); // the client reads at last
        }
        writer.enqueueBorrowed(text("end"), new Outcome(), false);
        for (int round = 0; round < 1_000 && !endsWith(received.toByteArray(), "end"); round++) {
            received.writeBytes(taken(socket));
        }
        assertTrue(outcomes.stream().allMatch(outcome -> "ok".equals(outcome.result.get())), "every frame called back");
        assertEquals(101, parse(received.toByteArray()).size());
    }

    private static boolean endsWith(byte[] bytes, String text) {
        return new String(bytes, StandardCharsets.UTF_8).endsWith(text);
    }

    @Test
    void aBorrowedFrameOnAClosedConnectionFailsItsCallback() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        ClosedChannelException closed = new ClosedChannelException();
        writer.close(closed);
        Outcome batched = new Outcome();

        writer.enqueueBorrowed(text("late"), batched, true);

        assertSame(closed, batched.result.get());
    }

    @Test
    void batchedFramesGoOnceTheyWouldFillTheBuffer() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        String hundred = "x".repeat(100);
        int sent = 0;
        while (socket.flushes.get() == 0 && sent < 1_000) {
            writer.enqueue(text(hundred), new Outcome(), true);
            sent++;
        }
        // a frame of 100 bytes takes 102 with its header: the writer counts 110, the longest header
        assertTrue(sent >= BUFFER / 110 && sent <= BUFFER / 100 + 1, "written after about a buffer's worth: " + sent + " frames");
        assertEquals(sent, parse(taken(socket)).size());
    }

    /** A read of many small requests: their answers leave in runs, the first before the read ends. */
    @Test
    void smallBatchedFramesGoInRunsOfTheirOwn() {
        Socket socket = new Socket(1024 * 1024, true);
        FrameWriter writer = writer(socket);
        int sent = 0;
        while (socket.flushes.get() == 0 && sent < 1_000) {
            writer.enqueue(text("ok " + sent), new Outcome(), true);
            sent++;
        }
        assertEquals(FrameWriter.RUN_FRAMES, sent, "written once a run waits, long before a buffer's worth");
        for (int i = sent; i < 3 * FrameWriter.RUN_FRAMES + 5; i++) {
            writer.enqueue(text("ok " + i), new Outcome(), true);
        }
        assertEquals(3, socket.flushes.get(), "a write per run");
        writer.enqueue(text("last"), new Outcome(), false);
        assertEquals(4, socket.flushes.get());
        List<String> texts = parse(taken(socket)).stream().map(Parsed::text).toList();
        assertEquals(3 * FrameWriter.RUN_FRAMES + 6, texts.size());
        assertEquals("ok 0", texts.get(0));
        assertEquals("last", texts.get(texts.size() - 1));
    }

    @Test
    void pingsAndPongsGoAheadOfDataThatWaits() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        writer.enqueue(text("data"), new Outcome(), true);
        writer.enqueue(new Frame(OpCode.PONG, ByteBuffer.wrap(new byte[] {7})), new Outcome(), false);

        List<Parsed> frames = parse(taken(socket));
        assertEquals(List.of(OpCode.PONG, OpCode.TEXT), frames.stream().map(Parsed::opCode).map(Integer::byteValue).toList());
    }

    @Test
    void aSocketThatTakesPartGetsTheRestWhenItCanTakeMoreAndFramesSentMeanwhileFollow() {
        Socket socket = new Socket(100, false);
        FrameWriter writer = writer(socket);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            writer.enqueue(text(i + ":" + "y".repeat(60)), outcome, false);
        }
        assertNull(outcomes.get(9).result.get(), "the socket took only part");

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (int round = 0; round < 100 && outcomes.get(9).result.get() == null; round++) {
            received.writeBytes(taken(socket)); // the client reads: the waiting write goes on
        }
        received.writeBytes(taken(socket));

        List<Parsed> frames = parse(received.toByteArray());
        assertEquals(10, frames.size());
        for (int i = 0; i < 10; i++) {
            assertTrue(frames.get(i).text().startsWith(i + ":"), frames.get(i).text());
            assertEquals("ok", outcomes.get(i).result.get());
            assertEquals(1, outcomes.get(i).calls.get(), "told once");
        }
    }

    @Test
    void aWriteThatFailsPartWayFailsWhatIsNotWrittenAndClosesThatConnectionOnly() {
        Socket failing = new Socket(100, false);
        Socket other = new Socket(1024, true);
        FrameWriter writer = writer(failing);
        FrameWriter otherWriter = writer(other);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            writer.enqueue(text("z".repeat(80)), outcome, false);
        }
        assertNull(outcomes.get(4).result.get(), "a write waits for the socket");

        IOException broken = new IOException("connection reset");
        failing.close(broken); // the client went away mid-write

        assertEquals("ok", outcomes.get(0).result.get(), "the frame the socket took");
        for (Outcome outcome : outcomes.subList(1, 5)) {
            assertInstanceOf(Throwable.class, outcome.result.get());
            assertEquals(1, outcome.calls.get());
        }
        assertEquals(1, writeFailures.size(), "the session is told once");
        Outcome later = new Outcome();
        writer.enqueue(text("later"), later, false);
        assertInstanceOf(Throwable.class, later.result.get(), "nothing is sent after a failed write");

        Outcome fine = new Outcome();
        otherWriter.enqueue(text("still here"), fine, false);
        assertEquals("ok", fine.result.get());
        assertEquals(List.of("still here"), parse(taken(other)).stream().map(Parsed::text).toList());
    }

    @Test
    void aCloseFrameShutsTheOutputOnceWrittenAndRefusesWhatComesAfter() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        Outcome close = new Outcome();
        writer.enqueue(new CloseStatus(CloseStatus.NORMAL, "bye").toFrame(), close, false);
        Outcome after = new Outcome();
        writer.enqueue(text("too late"), after, false);

        assertEquals("ok", close.result.get());
        assertTrue(socket.isOutputShutdown());
        assertInstanceOf(ClosedChannelException.class, after.result.get());
        List<Parsed> frames = parse(taken(socket));
        assertEquals(1, frames.size());
        assertEquals(0x80 | OpCode.CLOSE, frames.get(0).first());
    }

    @Test
    void anAbnormalCloseDropsTheFramesWaitingBeforeIt() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        Outcome waiting = new Outcome();
        writer.enqueue(text("never"), waiting, true);
        writer.enqueue(new CloseStatus(CloseStatus.SERVER_ERROR, "broken").toFrame(), new Outcome(), false);

        assertInstanceOf(Throwable.class, waiting.result.get());
        assertEquals(List.of(OpCode.CLOSE), parse(taken(socket)).stream().map(Parsed::opCode).map(Integer::byteValue).toList());
    }

    @Test
    void theConnectionsCloseFailsWhatWaitsAndWhatComesAfter() {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        Outcome waiting = new Outcome();
        writer.enqueue(text("batched"), waiting, true);
        ClosedChannelException closed = new ClosedChannelException();

        writer.close(closed);

        assertSame(closed, waiting.result.get());
        Outcome after = new Outcome();
        writer.enqueue(text("after"), after, false);
        assertSame(closed, after.result.get());
        assertEquals(0, socket.flushes.get());
    }

    @Test
    void fourThreadsAtOnceEachFindTheirFramesWholeAndInTheirOrder() throws Exception {
        Socket socket = new Socket(1024, true);
        FrameWriter writer = writer(socket);
        int threads = 4;
        int perThread = 5_000;
        AtomicInteger told = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int padding = ThreadLocalRandom.current().nextInt(0, 300);
                    writer.enqueue(text(id + ":" + i + ":" + "p".repeat(padding)), Callback.from(told::incrementAndGet),
                            i < perThread - 1 && ThreadLocalRandom.current().nextBoolean());
                }
            });
            senders.add(sender);
            sender.start();
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertEquals(threads * perThread, told.get(), "every frame's callback, once");
        int[] next = new int[threads];
        for (Parsed frame : parse(taken(socket))) {
            String[] parts = frame.text().split(":", 3);
            int id = Integer.parseInt(parts[0]);
            assertEquals(next[id]++, Integer.parseInt(parts[1]), "thread " + id + "'s order");
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, next[t]);
        }
    }
}
