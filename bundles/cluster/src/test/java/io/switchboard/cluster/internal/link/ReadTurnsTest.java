package io.switchboard.cluster.internal.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A link's read turns, with a scripted reader in place of a socket. */
class ReadTurnsTest {

    private static final long WAIT_SECONDS = 10;
    /** Longer than any test: the keeper never hands on unless a test blocks on purpose. */
    private static final long NEVER_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long SOON_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final List<Frame> END = List.of();

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<TurnKeeper> keepers = new ArrayList<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final FrameWriter writer = new FrameWriter(written, failure -> { });

    @AfterEach
    void close() {
        keepers.forEach(TurnKeeper::close);
        pool.shutdownNow();
    }

    @Test
    void aQuickHandlingReadsOnOnTheSameThreadAndWritesWhatItSentInOneGo() {
        Script script = new Script(frame -> writer.send(Frames.encode(Frames.RESULT, frame.id(), null), null));
        script.batches.add(List.of(frame(1), frame(2)));
        script.batches.add(List.of(frame(3)));
        script.batches.add(END);

        new ReadTurns(script, writer, refusing(), keeper(NEVER_NANOS)).run();

        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), script.handledOn);
        assertArrayEquals(concat(Frames.encode(Frames.RESULT, 1, null), Frames.encode(Frames.RESULT, 2, null),
                Frames.encode(Frames.RESULT, 3, null)), written.toByteArray());
    }

    @Test
    void aHandlingHeldUpPassesTheTurnOnAndWhatItGatheredIsWritten() throws Exception {
        CountDownLatch flushed = new CountDownLatch(1);
        FrameWriter heldWriter = new FrameWriter(new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushed.countDown();
            }
        }, failure -> { });
        CountDownLatch secondHandled = new CountDownLatch(1);
        Script script = new Script(frame -> {
            if (frame.id() == 1) {
                // a method that blocks until its own answer went out and the frame behind it was handled
                heldWriter.send(Frames.encode(Frames.RESULT, 1, null), null);
                await(flushed);
                await(secondHandled);
            } else {
                secondHandled.countDown();
            }
        });
        script.batches.add(List.of(frame(1)));
        script.batches.add(List.of(frame(2)));
        script.batches.add(END);
        ReadTurns turns = new ReadTurns(script, heldWriter, pool, keeper(SOON_NANOS));

        pool.execute(turns::run);

        assertTrue(flushed.await(WAIT_SECONDS, TimeUnit.SECONDS), "the answer a held-up reader gathered was not written");
        assertTrue(secondHandled.await(WAIT_SECONDS, TimeUnit.SECONDS), "the frame behind a held-up one was never read");
        assertNotEquals(script.handledOn.get(0), script.handledOn.get(1));
    }

    @Test
    void aPoolThatRefusesTheNextTurnEndsTheLink() throws Exception {
        CountDownLatch refused = new CountDownLatch(1);
        Script script = new Script(frame -> await(refused)) {
            @Override
            public void refused() {
                refused.countDown();
            }
        };
        script.batches.add(List.of(frame(1)));
        script.batches.add(END);

        new ReadTurns(script, writer, refusing(), keeper(SOON_NANOS)).run();

        assertEquals(0, refused.getCount());
    }

    private TurnKeeper keeper(long handOnNanos) {
        TurnKeeper keeper = new TurnKeeper("test-turns", handOnNanos);
        keepers.add(keeper);
        return keeper;
    }

    @Test
    void theHandOnTimeIsTheDefaultUnlessTheJvmPropertyNamesOneInRange() {
        assertEquals(TurnKeeper.HAND_ON_NANOS, TurnKeeper.handOnNanos(null));
        assertEquals(500_000, TurnKeeper.handOnNanos("500"));
        assertEquals(TurnKeeper.HAND_ON_NANOS, TurnKeeper.handOnNanos("0"));
        assertEquals(TurnKeeper.HAND_ON_NANOS, TurnKeeper.handOnNanos("2 ms"));
        assertEquals(TurnKeeper.HAND_ON_NANOS, TurnKeeper.handOnNanos("1000000"));
    }

    private static java.util.concurrent.Executor refusing() {
        return task -> {
            throw new RejectedExecutionException("stopping");
        };
    }

    private static Frame frame(long id) {
        return new Frame(Frames.CALL, id, new byte[0]);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Batches handed out in order ({@link #END}: the link ended), and the thread that handled each. */
    private static class Script implements ReadTurns.Reader {

        final BlockingQueue<List<Frame>> batches = new LinkedBlockingQueue<>();
        final List<Thread> handledOn = Collections.synchronizedList(new ArrayList<>());
        private final Consumer<Frame> handling;
        private volatile boolean open = true;

        Script(Consumer<Frame> handling) {
            this.handling = handling;
        }

        @Override
        public List<Frame> read() {
            List<Frame> next = batches.poll();
            if (next == null || next.isEmpty()) {
                open = false;
                return null;
            }
            return next;
        }

        @Override
        public void handle(List<Frame> batch) {
            handledOn.add(Thread.currentThread());
            batch.forEach(handling);
        }

        @Override
        public boolean open() {
            return open;
        }

        @Override
        public void refused() {
            open = false;
        }
    }
}
