package io.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.Test;

/** The raw-frame drivers' session on Jetty's client, against a scripted server on 127.0.0.1. */
class FrameSocketTest {

    /** Echoes each text, except for a few commands. */
    private static final ScriptedServer.Script ECHO = (session, text) -> {
        switch (text) {
            case "close" -> session.close(4001, "bye", Callback.NOOP);
            case "fragments" -> {
                session.sendFrame(new Frame(OpCode.TEXT, false, "one "), Callback.NOOP, true);
                session.sendFrame(new Frame(OpCode.CONTINUATION, false, "two "), Callback.NOOP, true);
                session.sendFrame(new Frame(OpCode.CONTINUATION, true, "three"), Callback.NOOP, false);
            }
            case "ping me" -> session.sendFrame(new Frame(OpCode.PING, "are you there"), Callback.NOOP, false);
            default -> ScriptedServer.text(session, text.startsWith("<pong") ? "got " + text : text);
        }
    };

    @Test
    void framesLeftForALaterFlushArriveWholeAndInOrder() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null); FrameSocket socket = FrameSocket.open(server.port())) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                // sizes on both sides of 125 bytes (the frame's two length forms), and one past Jetty's batch limit
                String text = i + ":" + "x".repeat(i == 300 ? 20_000 : i % 200);
                sent.add(text);
                socket.send(text, false);
            }
            socket.flush();
            for (String text : sent) {
                assertEquals(text, socket.receive());
            }
        }
    }

    @Test
    void oneAtATimeSendsEachRequestFromTheAnswerBefore() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null); FrameSocket socket = FrameSocket.open(server.port())) {
            List<String> answers = new ArrayList<>();
            int done = socket.oneAtATime(200, Long.MAX_VALUE, i -> "request " + i, (i, nanos, answer) -> {
                assertTrue(nanos > 0);
                answers.add(i + "=" + StandardCharsets.UTF_8.decode(answer));
            });
            assertEquals(200, done);
            assertEquals("0=request 0", answers.get(0));
            assertEquals("199=request 199", answers.get(199));
            // the socket still works afterwards, for the next round
            assertEquals(3, socket.oneAtATime(3, Long.MAX_VALUE, i -> "again", (i, nanos, answer) -> { }));
        }
    }

    @Test
    void anAnswerTheDriverRejectsEndsTheRoundWithItsError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null); FrameSocket socket = FrameSocket.open(server.port())) {
            IOException failed = assertThrows(IOException.class, () -> socket.oneAtATime(10, Long.MAX_VALUE, i -> "{\"ok\":" + (i < 4) + "}",
                    (i, nanos, answer) -> MeshCalls.expectOk(answer)));
            assertEquals("the runtime refused: {\"ok\":false}", failed.getMessage());
        }
    }

    @Test
    void aSessionTheServerClosesFailsTheReaderWithTheCode() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null); FrameSocket socket = FrameSocket.open(server.port())) {
            socket.send("close", true);
            IOException closed = assertThrows(IOException.class, socket::receive);
            assertEquals("closed by the server: 4001 bye", closed.getMessage());
            assertThrows(IOException.class, socket::receive, "and every later read");
            assertThrows(IOException.class, () -> socket.send("more", true));
        }
    }

    @Test
    void aMessageInFragmentsComesWhole() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null); FrameSocket socket = FrameSocket.open(server.port())) {
            socket.send("fragments", true);
            assertEquals("one two three", socket.receive());
        }
    }

    @Test
    void theServersPingsAreAnswered() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null); FrameSocket socket = FrameSocket.open(server.port())) {
            socket.send("ping me", true);
            assertEquals("got <pong are you there>", socket.receive());
        }
    }

    @Test
    void aListenerGetsTheBytesOfEachTextOnJettysThread() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null); FrameSocket socket = FrameSocket.open(server.port())) {
            List<Long> ids = new ArrayList<>();
            CountDownLatch all = new CountDownLatch(50);
            socket.listen(answer -> {
                ids.add(MeshCalls.id(answer));
                all.countDown();
            });
            for (int i = 0; i < 50; i++) {
                socket.send("{\"id\":" + i + ",\"ok\":true}", i == 49);
            }
            assertTrue(all.await(10, TimeUnit.SECONDS));
            assertEquals(0L, ids.get(0));
            assertEquals(49L, ids.get(49));
        }
    }

    @Test
    void anUpgradeTheServerRefusesIsAClearError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ECHO, null)) {
            IOException refused = assertThrows(IOException.class, () -> FrameSocket.open(server.port(), "/elsewhere"));
            assertTrue(refused.getMessage().contains("404"), refused.getMessage());
        }
    }

    @Test
    void bytesAreReadWithoutAString() {
        ByteBuffer frame = ByteBuffer.wrap("xx{\"publication\":{\"t\":123456,\"id\":7}}".getBytes(StandardCharsets.US_ASCII));
        frame.position(2);
        assertTrue(Bytes.startsWith(frame, Bytes.ascii("{\"publication\"")));
        assertEquals(123456, Bytes.numberAfter(frame, Bytes.ascii("\"t\":")));
        assertEquals(7, Bytes.numberAfter(frame, Bytes.ascii("\"id\":")));
        assertEquals(-1, Bytes.numberAfter(frame, Bytes.ascii("\"n\":")));
        assertEquals(2, frame.position(), "the buffer is left as it was");
        assertEquals(-1, MeshCalls.id(ByteBuffer.wrap(Bytes.ascii("{\"id\":\"text\"}"))));
        assertTrue(!MeshCalls.ok(ByteBuffer.wrap(Bytes.ascii("{\"ok\":false}"))));
    }
}
