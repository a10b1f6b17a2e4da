package io.switchboard.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link's writing: a burst of sends is one flush, frames arrive whole and in order, a write that
 * fails ends the link once, and a full queue refuses a send instead of growing. The peer is a plain
 * loopback socket that reads and writes raw frames, as a server would.
 */
@Timeout(30)
class WebSocketLinkTest {

    private ServerSocket listener;
    private Socket clientSide;
    private Socket serverSide;
    private final BlockingQueue<String> ends = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        clientSide = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        clientSide.setTcpNoDelay(true);
        serverSide = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        clientSide.close();
        serverSide.close();
        listener.close();
    }

    private WebSocketLink link(OutputStream out, int maxQueuedBytes, WebSocketLink.MessageSink sink) throws IOException {
        return WebSocketLink.start(clientSide, clientSide.getInputStream(), out, maxQueuedBytes, sink, (link, why) -> ends.add(why));
    }

    @Test
    void theAnswersToABurstOfMessagesGoOutInOneFlushAndInOrder() throws Exception {
        WebSocketLink[] self = new WebSocketLink[1];
        self[0] = link(clientSide.getOutputStream(), 1 << 20,
                (utf8, offset, length) -> self[0].send(("re " + new String(utf8, offset, length, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            burst.write(ServerFrames.text("m" + i));
        }
        serverSide.getOutputStream().write(burst.toByteArray()); // one write: the client reads it as one run

        DataInputStream fromClient = new DataInputStream(serverSide.getInputStream());
        for (int i = 0; i < 50; i++) {
            assertEquals("re m" + i, ServerFrames.readClientText(fromClient));
        }
        assertTrue(self[0].flushes() <= 3, "50 answers to one burst took " + self[0].flushes() + " flushes");
    }

    @Test
    void framesSentByManyThreadsArriveWholeAndInEachSendersOrder() throws Exception {
        WebSocketLink link = link(clientSide.getOutputStream(), 1 << 20, (utf8, offset, length) -> { });
        int threads = 4;
        int each = 2_000;
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int sender = t;
            senders.add(started(() -> {
                for (int i = 0; i < each; i++) {
                    byte[] frame = (sender + ":" + i + ":" + "x".repeat(i % 300)).getBytes(StandardCharsets.UTF_8);
                    assertEquals(WebSocketLink.Sent.QUEUED, link.send(frame, frame.length, i % 3 == 0)); // some pipelined, some not
                }
            }));
        }
        DataInputStream fromClient = new DataInputStream(serverSide.getInputStream());
        int[] next = new int[threads];
        for (int n = 0; n < threads * each; n++) {
            String[] parts = ServerFrames.readClientText(fromClient).split(":");
            int sender = Integer.parseInt(parts[0]);
            int i = Integer.parseInt(parts[1]);
            assertEquals(next[sender]++, i, "sender " + sender + "'s frames out of order");
            assertEquals("x".repeat(i % 300), parts.length > 2 ? parts[2] : "");
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    @Test
    void framesSentWhileOthersAreInFlightAreWrittenByTheWriterThreadInOrder() throws Exception {
        java.util.Set<String> writingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        OutputStream recordsWho = new FilterOutputStream(clientSide.getOutputStream()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                writingThreads.add(Thread.currentThread().getName());
                out.write(bytes, offset, length);
            }
        };
        WebSocketLink link = link(recordsWho, 1 << 20, (utf8, offset, length) -> { });
        for (int i = 0; i < 1_000; i++) {
            byte[] frame = ("p" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(WebSocketLink.Sent.QUEUED, link.send(frame, frame.length, true));
        }
        DataInputStream fromClient = new DataInputStream(serverSide.getInputStream());
        for (int i = 0; i < 1_000; i++) {
            assertEquals("p" + i, ServerFrames.readClientText(fromClient));
        }
        // the writer thread writes them (or the reader, which flushes what waits before it blocks), never the sender
        assertTrue(!writingThreads.contains(Thread.currentThread().getName()), "a pipelining sender wrote itself: " + writingThreads);
    }

    @Test
    void aPipelinedFrameSentWhileTheReaderIsBusyIsFlushedWhenItIsDone() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        WebSocketLink link = link(clientSide.getOutputStream(), 1 << 20, (utf8, offset, length) -> {
            inCallback.countDown();
            try {
                sent.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        serverSide.getOutputStream().write(ServerFrames.text("hold on"));
        assertTrue(inCallback.await(10, TimeUnit.SECONDS));
        byte[] frame = "while busy".getBytes(StandardCharsets.UTF_8);
        assertEquals(WebSocketLink.Sent.QUEUED, link.send(frame, frame.length, true));
        long flushedBefore = link.flushes();
        sent.countDown();

        assertEquals("while busy", ServerFrames.readClientText(new DataInputStream(serverSide.getInputStream())));
        assertEquals(0, flushedBefore, "the sender wrote although the reader was busy");
    }

    /**
     * One request at a time (nothing else in flight) is written by its sender at once, even while
     * the reader handles what it read: a caller woken by an answer that sends its next request must
     * not wait for the reading thread to run again (a hand-off per call).
     */
    @Test
    void aLoneFrameSentByAnotherThreadWhileTheReaderIsBusyIsWrittenAtOnce() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebSocketLink link = link(clientSide.getOutputStream(), 1 << 20, (utf8, offset, length) -> {
            inCallback.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            serverSide.getOutputStream().write(ServerFrames.text("answer"));
            assertTrue(inCallback.await(10, TimeUnit.SECONDS));
            assertEquals(WebSocketLink.Sent.QUEUED, link.send("next request".getBytes(StandardCharsets.UTF_8)));

            serverSide.setSoTimeout(5_000); // before: the frame waited for the reader, which waits for this test
            assertEquals("next request", ServerFrames.readClientText(new DataInputStream(serverSide.getInputStream())));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aWriteThatFailsPartWayEndsTheLinkOnceAndRefusesLaterSends() throws Exception {
        OutputStream failsAfter100Bytes = new FilterOutputStream(clientSide.getOutputStream()) {
            private int written;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                written += length;
                if (written > 100) {
                    throw new IOException("Broken pipe");
                }
                out.write(bytes, offset, length);
            }
        };
        WebSocketLink link = link(failsAfter100Bytes, 1 << 20, (utf8, offset, length) -> { });
        assertEquals(WebSocketLink.Sent.QUEUED, link.send("first".getBytes(StandardCharsets.UTF_8)));
        assertEquals(WebSocketLink.Sent.QUEUED, link.send("x".repeat(200).getBytes(StandardCharsets.UTF_8)));

        assertEquals("sending failed: Broken pipe", ends.poll(10, TimeUnit.SECONDS));
        assertEquals(WebSocketLink.Sent.ENDED, link.send("after".getBytes(StandardCharsets.UTF_8)));
        assertTrue(clientSide.isClosed(), "the socket stays open after a failed write");
        assertEquals(null, ends.poll(200, TimeUnit.MILLISECONDS), "the end was reported twice");
    }

    @Test
    void aFullQueueRefusesASendUntilTheWriterCatchesUp() throws Exception {
        CountDownLatch writerStuck = new CountDownLatch(1);
        CountDownLatch peerReads = new CountDownLatch(1);
        OutputStream stalls = new FilterOutputStream(clientSide.getOutputStream()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                writerStuck.countDown();
                try {
                    peerReads.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                out.write(bytes, offset, length);
            }
        };
        WebSocketLink link = link(stalls, 1_000, (utf8, offset, length) -> { });
        Thread stuck = started(() -> link.send("first".getBytes(StandardCharsets.UTF_8)));
        assertTrue(writerStuck.await(10, TimeUnit.SECONDS));

        byte[] frame = "y".repeat(90).getBytes(StandardCharsets.UTF_8); // 96 bytes with its header and mask
        int queued = 0;
        WebSocketLink.Sent sent;
        while ((sent = link.send(frame)) == WebSocketLink.Sent.QUEUED) {
            queued++;
        }
        assertEquals(WebSocketLink.Sent.FULL, sent);
        assertTrue(queued >= 9 && queued <= 10, queued + " frames of 96 bytes queued under a bound of 1,000");

        peerReads.countDown();
        stuck.join();
        DataInputStream fromClient = new DataInputStream(serverSide.getInputStream());
        assertEquals("first", ServerFrames.readClientText(fromClient));
        for (int i = 0; i < queued; i++) {
            assertEquals("y".repeat(90), ServerFrames.readClientText(fromClient));
        }
        assertEquals(WebSocketLink.Sent.QUEUED, link.send("again".getBytes(StandardCharsets.UTF_8)));
        assertEquals("again", ServerFrames.readClientText(fromClient));
    }

    @Test
    void aMessageInSeveralFramesAndOneLargerThanTheBufferArriveWhole() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        link(clientSide.getOutputStream(), 1 << 20, (utf8, offset, length) -> messages.add(new String(utf8, offset, length, StandardCharsets.UTF_8)));
        OutputStream toClient = serverSide.getOutputStream();
        toClient.write(ServerFrames.frame(0x01, "one "));
        toClient.write(ServerFrames.frame(0x89, "ping")); // a control frame between the fragments
        toClient.write(ServerFrames.frame(0x00, "two "));
        toClient.write(ServerFrames.frame(0x80, "three"));
        String big = "z".repeat(200_000);
        toClient.write(ServerFrames.text(big));
        toClient.write(ServerFrames.text("after"));

        assertEquals("one two three", messages.poll(10, TimeUnit.SECONDS));
        assertEquals(big, messages.poll(10, TimeUnit.SECONDS));
        assertEquals("after", messages.poll(10, TimeUnit.SECONDS));
        DataInputStream fromClient = new DataInputStream(serverSide.getInputStream());
        assertEquals(0x8A, fromClient.readUnsignedByte(), "the ping got no pong");
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }
}
