package io.switchboard.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link on Jetty's WebSocket client against a peer on a loopback socket that does the upgrade and
 * then reads and writes raw frames, as a server would: messages arrive whole as bytes on the reading
 * thread, pings are answered, frames go out whole and in each sender's order, who writes them
 * follows the flush policy, a full queue refuses a send, and the link's end is reported once.
 */
@Timeout(30)
class WebSocketLinkTest {

    private ServerSocket listener;
    private WebSocketConnector connector;
    private Socket peer;
    private String requestLine;
    private final Map<String, String> upgradeHeaders = new HashMap<>();
    private final BlockingQueue<String> ends = new LinkedBlockingQueue<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        connector = new WebSocketConnector(null, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() throws IOException {
        connector.stop();
        if (peer != null) {
            peer.close();
        }
        listener.close();
    }

    /** Opens a link to the peer and answers its upgrade; {@link #peer} is the server's side of it. */
    private WebSocketLink link(int maxQueuedBytes, WebSocketLink.MessageSink sink) throws Exception {
        var opening = connector.open(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/api/ws"), Duration.ofSeconds(5),
                maxQueuedBytes, sink, (link, why) -> ends.add(why));
        peer = listener.accept();
        peer.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(peer.getInputStream());
        requestLine = line(in);
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                upgradeHeaders.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
        }
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((upgradeHeaders.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        peer.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + Base64.getEncoder().encodeToString(digest) + "\r\nSec-WebSocket-Protocol: switchboard.v1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return opening.get(10, TimeUnit.SECONDS);
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the client closed during the upgrade");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private DataInputStream fromClient() throws IOException {
        return new DataInputStream(peer.getInputStream());
    }

    @Test
    void theUpgradeOffersTheSubprotocolAndAMessageArrivesAsItsUtf8BytesOnTheReadingThread() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        link(1 << 20, (utf8, offset, length) -> messages.add(Thread.currentThread().getName() + " "
                + new String(utf8, offset, length, StandardCharsets.UTF_8)));
        assertEquals("switchboard.v1", upgradeHeaders.get("sec-websocket-protocol"));
        assertTrue(requestLine.startsWith("GET /api/ws HTTP/1.1"), requestLine);

        peer.getOutputStream().write(ServerFrames.text("{\"ok\":\"héllo ✓\"}"));
        String message = messages.poll(10, TimeUnit.SECONDS);
        assertTrue(message.startsWith("switchboard-client"), "delivered on " + message);
        assertTrue(message.endsWith(" {\"ok\":\"héllo ✓\"}"), message);
    }

    /**
     * Frames the reading thread sends from its callback go out when it has handled all it read: the
     * answers to a burst of messages share one write, and every answer arrives whole and in order.
     */
    @Test
    void whatACallbackSendsGoesOutInOneWriteOnceTheReadIsDrained() throws Exception {
        WebSocketLink[] self = new WebSocketLink[1];
        self[0] = link(1 << 20, (utf8, offset, length) -> {
            String text = new String(utf8, offset, length, StandardCharsets.UTF_8);
            for (int k = 0; k < 3; k++) {
                byte[] answer = ("re " + text + "." + k).getBytes(StandardCharsets.UTF_8);
                self[0].send(answer, answer.length, false); // one at a time as far as the sender knows: still batched, it is the reader
            }
        });
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            burst.write(ServerFrames.text("m" + i));
        }
        peer.getOutputStream().write(burst.toByteArray());

        DataInputStream in = fromClient();
        for (int i = 0; i < 50; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals("re m" + i + "." + k, ServerFrames.readClientText(in));
            }
        }
        // the peer wrote the 50 messages at once, so they come in one read (two, should TCP split them)
        assertTrue(self[0].flushes() <= 2, "150 answers to 50 messages read at once: " + self[0].flushes() + " flushes");
    }

    /**
     * A frame another thread pipelines while the reading thread is in a read waits for that read's
     * end (the writer thread leaves it to the reader), and the reader's flush then sends it: it is
     * never left behind once the read is over.
     */
    @Test
    void aFramePipelinedDuringAReadGoesOutWhenTheReadIsDrained() throws Exception {
        WebSocketLink[] self = new WebSocketLink[1];
        self[0] = link(1 << 20, (utf8, offset, length) -> {
            if (new String(utf8, offset, length, StandardCharsets.UTF_8).equals("m0")) {
                Thread sender = new Thread(() -> {
                    byte[] frame = "pipelined".getBytes(StandardCharsets.UTF_8);
                    self[0].send(frame, frame.length, true);
                });
                sender.start();
                try {
                    sender.join(); // sent while this thread is still in its read
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            burst.write(ServerFrames.text("m" + i));
        }
        peer.getOutputStream().write(burst.toByteArray());

        assertEquals("pipelined", ServerFrames.readClientText(fromClient()));
        assertTrue(self[0].flushes() <= 2, "one frame after a read: " + self[0].flushes() + " flushes");
    }

    @Test
    void framesSentByManyThreadsArriveWholeAndInEachSendersOrder() throws Exception {
        WebSocketLink link = link(1 << 24, (utf8, offset, length) -> { });
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
        DataInputStream in = fromClient();
        int[] next = new int[threads];
        for (int n = 0; n < threads * each; n++) {
            String[] parts = ServerFrames.readClientText(in).split(":");
            int sender = Integer.parseInt(parts[0]);
            int i = Integer.parseInt(parts[1]);
            assertEquals(next[sender]++, i, "sender " + sender + "'s frames out of order");
            assertEquals("x".repeat(i % 300), parts.length > 2 ? parts[2] : "");
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    /** A pipelining sender goes on at once: the writer thread flushes what it batched, fewer times than it sent. */
    @Test
    void framesSentWhileOthersAreInFlightAreFlushedByTheWriterThreadInOrder() throws Exception {
        WebSocketLink link = link(1 << 24, (utf8, offset, length) -> { });
        for (int i = 0; i < 1_000; i++) {
            byte[] frame = ("p" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(WebSocketLink.Sent.QUEUED, link.send(frame, frame.length, true));
        }
        DataInputStream in = fromClient();
        for (int i = 0; i < 1_000; i++) {
            assertEquals("p" + i, ServerFrames.readClientText(in));
        }
        assertTrue(link.flushes() >= 1 && link.flushes() < 1_000, link.flushes() + " flushes for 1,000 pipelined frames");
    }

    @Test
    void aPipelinedFrameSentWhileTheReaderIsBusyIsFlushedWhenItIsDone() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        WebSocketLink link = link(1 << 20, (utf8, offset, length) -> {
            inCallback.countDown();
            try {
                sent.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        peer.getOutputStream().write(ServerFrames.text("hold on"));
        assertTrue(inCallback.await(10, TimeUnit.SECONDS));
        byte[] frame = "while busy".getBytes(StandardCharsets.UTF_8);
        assertEquals(WebSocketLink.Sent.QUEUED, link.send(frame, frame.length, true));
        long flushedBefore = link.flushes();
        sent.countDown();

        assertEquals("while busy", ServerFrames.readClientText(fromClient()));
        assertEquals(0, flushedBefore, "the frame was flushed although the reader was busy");
        assertEquals(1, link.flushes(), "the reader's flush once done");
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
        WebSocketLink link = link(1 << 20, (utf8, offset, length) -> {
            inCallback.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            peer.getOutputStream().write(ServerFrames.text("answer"));
            assertTrue(inCallback.await(10, TimeUnit.SECONDS));
            assertEquals(WebSocketLink.Sent.QUEUED, link.send("next request".getBytes(StandardCharsets.UTF_8)));

            peer.setSoTimeout(5_000); // were it left to the reader, which waits for this test, the read would time out
            assertEquals("next request", ServerFrames.readClientText(fromClient()));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aConnectionResetEndsTheLinkOnceAndRefusesLaterSends() throws Exception {
        WebSocketLink link = link(1 << 20, (utf8, offset, length) -> { });
        assertEquals(WebSocketLink.Sent.QUEUED, link.send("first".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", ServerFrames.readClientText(fromClient()));
        peer.setSoLinger(true, 0); // a reset, as a crashed server's
        peer.close();

        String why = ends.poll(10, TimeUnit.SECONDS);
        assertTrue(why != null && why.startsWith("connection failed: "), "the end reported: " + why);
        assertEquals(WebSocketLink.Sent.ENDED, link.send("after".getBytes(StandardCharsets.UTF_8)));
        link.close();
        assertNull(ends.poll(200, TimeUnit.MILLISECONDS), "the end was reported twice");
    }

    @Test
    void theServersCloseEndsTheLinkWithItsCodeAndReason() throws Exception {
        link(1 << 20, (utf8, offset, length) -> { });
        ByteArrayOutputStream close = new ByteArrayOutputStream();
        close.write(0x88);
        byte[] reason = "going away".getBytes(StandardCharsets.UTF_8);
        close.write(2 + reason.length);
        close.write(1001 >> 8);
        close.write(1001 & 0xff);
        close.write(reason);
        peer.getOutputStream().write(close.toByteArray());

        assertEquals("closed by the server (1001 going away)", ends.poll(10, TimeUnit.SECONDS));
        assertEquals(0x88, fromClient().readUnsignedByte(), "the close was not answered");
        assertNull(ends.poll(200, TimeUnit.MILLISECONDS), "the end was reported twice");
    }

    /** A peer that stops reading: pipelined frames wait until the bound, then a send is refused; once it reads, all arrive and sends are taken again. */
    @Test
    void aFullQueueRefusesASendUntilThePeerReads() throws Exception {
        WebSocketLink link = link(64 * 1024, (utf8, offset, length) -> { });
        byte[] frame = "y".repeat(8 * 1024).getBytes(StandardCharsets.UTF_8);
        int queued = 0;
        WebSocketLink.Sent sent = WebSocketLink.Sent.QUEUED;
        for (int i = 0; i < 20_000 && sent == WebSocketLink.Sent.QUEUED; i++) { // 160 MB at most, far more than loopback buffers take
            sent = link.send(frame, frame.length, true);
            if (sent == WebSocketLink.Sent.QUEUED) {
                queued++;
            }
        }
        assertEquals(WebSocketLink.Sent.FULL, sent, "no send refused after " + queued + " frames");
        assertTrue(queued >= 8, queued + " frames of 8 KiB taken");

        DataInputStream in = fromClient();
        for (int i = 0; i < queued; i++) {
            assertEquals(8 * 1024, ServerFrames.readClientText(in).length());
        }
        assertEquals(WebSocketLink.Sent.QUEUED, link.send("again".getBytes(StandardCharsets.UTF_8)));
        assertEquals("again", ServerFrames.readClientText(in));
    }

    @Test
    void aMessageInSeveralFramesAndOneLargerThanTheBufferArriveWholeAndAPingIsAnswered() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        link(1 << 20, (utf8, offset, length) -> messages.add(new String(utf8, offset, length, StandardCharsets.UTF_8)));
        OutputStream toClient = peer.getOutputStream();
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
        DataInputStream in = fromClient();
        assertEquals(0x8A, in.readUnsignedByte(), "the ping got no pong");
    }

    /** A frame over the 64 MiB the client takes ends the link with the reason, as soon as its header is read. */
    @Test
    void aFrameOverTheLargestMessageEndsTheLink() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        link(1 << 20, (utf8, offset, length) -> messages.add(new String(utf8, offset, length, StandardCharsets.UTF_8)));
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0x81);
        header.write(127);
        long size = WebSocketLink.MAX_MESSAGE + 1L;
        for (int i = 7; i >= 0; i--) {
            header.write((int) (size >>> (8 * i)));
        }
        header.write('{'); // the first byte of the payload, where Jetty's parser checks the size
        peer.getOutputStream().write(header.toByteArray());

        DataInputStream in = fromClient();
        assertEquals(0x88, in.readUnsignedByte(), "no close from the client");
        int length = in.readUnsignedByte() & 0x7f;
        byte[] key = in.readNBytes(4);
        byte[] body = in.readNBytes(length);
        for (int i = 0; i < body.length; i++) {
            body[i] ^= key[i & 3];
        }
        assertEquals(1009, ((body[0] & 0xff) << 8) | (body[1] & 0xff), "the close code");
        peer.getOutputStream().write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xf1}); // the server answers the close
        String why = ends.poll(10, TimeUnit.SECONDS);
        assertTrue(why != null && why.contains(String.valueOf(WebSocketLink.MAX_MESSAGE)), "the end reported: " + why);
        assertTrue(messages.isEmpty());
    }

    @Test
    void anUpgradeTheServerDoesNotAnswerFailsWithinTheTimeout() throws Exception {
        var opening = connector.open(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/api/ws"), Duration.ofMillis(300),
                1 << 20, (utf8, offset, length) -> { }, (link, why) -> ends.add(why));
        peer = listener.accept(); // never answers
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> opening.get(10, TimeUnit.SECONDS));
        assertEquals("no answer to the WebSocket upgrade within 300 ms", failed.getCause().getMessage());
        assertNull(ends.poll(200, TimeUnit.MILLISECONDS), "a link that never opened reported an end");
    }

    /**
     * Reads run on the connector's selector thread; a client made from a callback there (another
     * connector) gets a selector of its own, not that thread.
     */
    @Test
    void aConnectorStartedFromAnotherOnesCallbackRunsOnThreadsOfItsOwn() throws Exception {
        BlockingQueue<Object> made = new LinkedBlockingQueue<>();
        link(1 << 20, (utf8, offset, length) -> {
            try {
                WebSocketConnector other = new WebSocketConnector(null, Duration.ofSeconds(5));
                made.add(other);
            } catch (RuntimeException e) {
                made.add(e);
            }
        });
        peer.getOutputStream().write(ServerFrames.text("make one"));
        Object other = made.poll(10, TimeUnit.SECONDS);
        assertTrue(other instanceof WebSocketConnector, "made from a callback: " + other);
        ((WebSocketConnector) other).stop();
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }
}
