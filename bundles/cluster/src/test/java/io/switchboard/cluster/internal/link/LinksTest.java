package io.switchboard.cluster.internal.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.mesh.Instance;

/** Node links on loopback: a link server for node "b", and node "a"'s links to it. */
class LinksTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("the secret of the link tests");
    private static final long WAIT_SECONDS = 10;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final ExecutorService connector = Executors.newCachedThreadPool();
    private final Map<String, InetSocketAddress> addresses = new HashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        pool.shutdownNow();
        connector.shutdownNow();
    }

    private LinkServer serverB(CallHandler handler) throws IOException {
        LinkServer server = new LinkServer(new InetSocketAddress("127.0.0.1", 0), SECRET, "b", handler, pool, 100,
                hello -> JsonNodeFactory.instance.objectNode().put("nameTakenBy", hello.node().equals("b") ? "127.0.0.1:1" : null),
                Clock.systemUTC());
        closing.add(server);
        addresses.put("b", server.address());
        return server;
    }

    private Links linksOfA(ClusterSecret secret, int limit) {
        Links links = new Links(secret, "a", addresses::get, pool, connector, limit, Clock.systemUTC());
        closing.add(links);
        return links;
    }

    private static Promise<Reply> call(Links links, String node, String payload) {
        return links.to(node).flatMap(link -> link.call(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static SwitchboardException failure(Promise<?> promise) throws InterruptedException {
        InvocationTargetException failed = assertThrows(InvocationTargetException.class, () -> awaitValue(promise));
        return (SwitchboardException) failed.getCause();
    }

    private static <T> T awaitValue(Promise<T> promise) throws InterruptedException, InvocationTargetException {
        CountDownLatch done = new CountDownLatch(1);
        promise.onResolve(done::countDown);
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS), "answered within " + WAIT_SECONDS + " s");
        return promise.getValue();
    }

    @Test
    void manyCallsInFlightEachGetTheirOwnAnswer() throws Exception {
        serverB((from, payload, responder) -> responder.answer(Frames.RESULT, (from + ":" + new String(payload, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)));
        Links links = linksOfA(SECRET, 1000);
        List<Promise<Reply>> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            answers.add(call(links, "b", "call-" + i));
        }
        for (int i = 0; i < 500; i++) {
            Reply reply = awaitValue(answers.get(i));
            assertEquals(Frames.RESULT, reply.type());
            assertArrayEquals(("a:call-" + i).getBytes(StandardCharsets.UTF_8), reply.payload(), "the caller's node is known to the callee");
        }
    }

    @Test
    void eventsAreHandedOnInTheOrderTheyWereSentWhileCallsRunElsewhere() throws Exception {
        List<String> handed = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch blocked = new CountDownLatch(1);
        serverB(new CallHandler() {
            @Override
            public void handle(String from, byte[] payload, Responder responder) {
                try {
                    blocked.await(WAIT_SECONDS, TimeUnit.SECONDS); // a slow call holds up only its own batch
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                responder.answer(Frames.RESULT, payload);
            }

            @Override
            public void event(String from, byte[] payload, Responder responder) {
                handed.add(new String(payload, StandardCharsets.UTF_8));
                responder.answer(Frames.RESULT, payload);
            }
        });
        Links links = linksOfA(SECRET, 5000);
        OutboundLink link = awaitValue(links.to("b"));
        List<Promise<Reply>> answers = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            if (i % 100 == 0) {
                answers.add(link.call("slow".getBytes(StandardCharsets.UTF_8)));
            }
            sent.add("event-" + i);
            answers.add(link.event(("event-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        blocked.countDown();
        for (Promise<Reply> answer : answers) {
            assertEquals(Frames.RESULT, awaitValue(answer).type());
        }
        assertEquals(sent, handed, "one sender's events are handed on in order, whatever the calls between them do");
    }

    @Test
    void aMethodThatBlocksOnTheReaderHoldsUpOnlyTheCallsReadWithIt() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        serverB((from, payload, responder) -> {
            if (new String(payload, StandardCharsets.UTF_8).equals("slow")) {
                slowStarted.countDown();
                try {
                    release.await(); // blocks the thread that read it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            responder.answer(Frames.RESULT, payload);
        });
        Links links = linksOfA(SECRET, 100);
        Promise<Reply> slow = call(links, "b", "slow");
        assertTrue(slowStarted.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Frames.RESULT, awaitValue(call(links, "b", "fast")).type(), "the read turn passed on: a call behind it is read and runs");
        assertFalse(slow.isDone());
        release.countDown();
        assertEquals(Frames.RESULT, awaitValue(slow).type());
    }

    @Test
    void aCallerThatWaitsInItsContinuationDoesNotHoldUpTheAnswersBehindIt() throws Exception {
        serverB((from, payload, responder) -> responder.answer(Frames.RESULT, payload));
        Links links = linksOfA(SECRET, 100);
        OutboundLink link = awaitValue(links.to("b"));
        CountDownLatch second = new CountDownLatch(1);
        List<Boolean> sawSecond = new ArrayList<>();
        Promise<Reply> first = link.call("first".getBytes(StandardCharsets.UTF_8)).onResolve(() -> {
            // on the thread that read the answer: waits for an answer only another reader can read
            link.call("second".getBytes(StandardCharsets.UTF_8)).onResolve(second::countDown);
            try {
                sawSecond.add(second.await(WAIT_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitValue(first); // its callbacks run in order: the waiting one has returned
        assertEquals(List.of(true), sawSecond, "the call it sent went out and its answer was read by another thread");
    }

    @Test
    void anAnswerThatComesLaterArrivesAfterItsAcknowledgement() throws Exception {
        BlockingQueue<CallHandler.Responder> held = new LinkedBlockingQueue<>();
        serverB((from, payload, responder) -> {
            responder.ack();
            held.add(responder);
        });
        Promise<Reply> answer = call(linksOfA(SECRET, 10), "b", "later");
        CallHandler.Responder responder = held.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertFalse(answer.isDone());
        responder.answer(Frames.NOT_STARTED, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Frames.NOT_STARTED, awaitValue(answer).type());
    }

    @Test
    void aCallSentToANodeThatLeavesFailsWithNodeLeftAndOneThatCannotBeSentWithGone() throws Exception {
        BlockingQueue<CallHandler.Responder> held = new LinkedBlockingQueue<>();
        serverB((from, payload, responder) -> held.add(responder));
        Links links = linksOfA(SECRET, 10);
        Promise<Reply> sent = call(links, "b", "in flight");
        held.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        links.nodeLeft("b", "left the cluster");
        SwitchboardException left = failure(sent);
        assertEquals(ClusterErrors.NODE_LEFT, left.code());
        assertEquals("node b left the cluster after the call was sent; it may or may not have run", left.getMessage());

        assertEquals(Instance.GONE, failure(call(links, "c", "to nobody")).code(), "a node that is not a member: the call goes elsewhere");
    }

    @Test
    void aLinkThatBreaksFailsTheCallsItCarried() throws Exception {
        BlockingQueue<CallHandler.Responder> held = new LinkedBlockingQueue<>();
        LinkServer server = serverB((from, payload, responder) -> held.add(responder));
        Promise<Reply> sent = call(linksOfA(SECRET, 10), "b", "in flight");
        held.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        server.close();
        assertEquals(ClusterErrors.NODE_LEFT, failure(sent).code());
    }

    @Test
    void tooManyCallsInFlightAreRefusedBeforeAnythingIsSent() throws Exception {
        serverB((from, payload, responder) -> { });
        Links links = linksOfA(SECRET, 2);
        call(links, "b", "1");
        call(links, "b", "2");
        assertEquals(ClusterErrors.OVERLOADED, failure(call(links, "b", "3")).code());
    }

    @Test
    void aNodeWithAnotherSecretGetsNoLinkAndItsCallsGoElsewhere() throws Exception {
        List<String> served = new ArrayList<>();
        serverB((from, payload, responder) -> served.add(from));
        Links stranger = linksOfA(ClusterSecret.of("not the secret of the link tests"), 10);
        assertEquals(Instance.GONE, failure(call(stranger, "b", "let me in")).code());
        assertTrue(served.isEmpty());

        try (Socket socket = new Socket()) {
            socket.connect(addresses.get("b"));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            LinkRefused refused = assertThrows(LinkRefused.class, () -> Handshake.connect(socket, in, socket.getOutputStream(),
                    ClusterSecret.of("not the secret of the link tests"), "x", Handshake.CALLS));
            assertEquals(ClusterErrors.WRONG_SECRET, refused.code());
            assertTrue(refused.getMessage().contains("holds another cluster secret"), refused.getMessage());
        }
    }

    @Test
    void framesBeforeTheHandshakeEndTheConnectionAndTheServerGoesOnServing() throws Exception {
        serverB((from, payload, responder) -> responder.answer(Frames.RESULT, payload));
        try (Socket forger = new Socket()) {
            forger.connect(addresses.get("b"));
            forger.getOutputStream().write(Frames.encode(Frames.CALL, 1, "{}".getBytes(StandardCharsets.UTF_8)));
            forger.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertEquals(-1, forger.getInputStream().read(), "closed without an answer");
        }
        assertEquals(Frames.RESULT, awaitValue(call(linksOfA(SECRET, 10), "b", "still here")).type());
    }

    @Test
    void aProbeLearnsWhetherItsNameIsTaken() throws Exception {
        serverB((from, payload, responder) -> { });
        try (Socket socket = new Socket()) {
            socket.connect(addresses.get("b"));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            Handshake.Welcome welcome = Handshake.connect(socket, in, socket.getOutputStream(), SECRET, "b", Handshake.PROBE);
            assertEquals("b", welcome.node());
            assertEquals("127.0.0.1:1", welcome.content().path("nameTakenBy").asText());
        }
    }
}
