package io.switchboard.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.Request;
import io.switchboard.protocol.internal.SwitchboardJsonProtocol;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;
import io.switchboard.system.flush.HeldFlushes;

class ClientSessionTest {

    private static final SessionSettings SETTINGS = new SessionSettings(1_000, 2, 5_000, 200, false, 0, 0);

    private final FakeConnection connection = new FakeConnection();
    private final Pipeline pipeline = new Pipeline();
    private final AtomicBoolean ended = new AtomicBoolean();

    ClientSessionTest() {
        pipeline.authorizer((session, request, access) -> { }); // what is refused and why: AuthorizationTest
    }

    /** A handler that needs a login only. */
    private static ActionHandler handler(java.util.function.Function<Request, org.osgi.util.promise.Promise<com.fasterxml.jackson.databind.JsonNode>> handle) {
        return new ActionHandler() {
            @Override
            public Access access(Session session, Request request) {
                return Access.login();
            }

            @Override
            public org.osgi.util.promise.Promise<com.fasterxml.jackson.databind.JsonNode> handle(Session session, Request request) {
                return handle.apply(request);
            }
        };
    }

    /** Lanes run tasks at once on the caller's thread: the tests see results without waiting. */
    private ClientSession session(SessionSettings settings) {
        return new ClientSession("s1", connection, new SwitchboardJsonProtocol(), pipeline, settings,
                InlineLane.inbound(), InlineLane::new, () -> ended.set(true));
    }

    private ClientSession handshaken() {
        ClientSession session = session(SETTINGS);
        session.received("{\"id\":0,\"action\":\"handshake\",\"client\":\"test\"}");
        return session;
    }

    /** The outbound lane of {@link #handshakenWithHeldLane()}'s session. */
    private InlineLane outboundLane;

    /**
     * A handshaken session whose outbound lane runs on the caller's thread what may run there, and
     * keeps what is enqueued (or comes while it is {@link InlineLane#busy}) until the test runs it.
     */
    private ClientSession handshakenWithHeldLane() {
        ClientSession session = new ClientSession("s1", connection, new SwitchboardJsonProtocol(), pipeline, SETTINGS,
                InlineLane.inbound(), hook -> outboundLane = new InlineLane(hook, true), () -> ended.set(true));
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        return session;
    }

    @Test
    void theFirstRequestMustBeTheHandshake() {
        ClientSession session = session(SETTINGS);
        session.received("{\"id\":1,\"action\":\"get\"}");
        assertTrue(connection.last().contains("\"code\":\"session.no-handshake\""), connection.last());
        session.received("{\"id\":2,\"action\":\"handshake\",\"client\":\"test\"}");
        assertTrue(connection.last().startsWith("{\"id\":2,\"ok\":true,\"result\":{\"session\":\"s1\",\"protocol\":\"switchboard.v1\""),
                connection.last());
        assertEquals("test", session.attributes().get("client"));
    }

    @Test
    void pingAnswersPongAndUnknownActionsAreNamed() {
        ClientSession session = handshaken();
        session.received("{\"id\":\"p\",\"action\":\"ping\"}");
        assertEquals("{\"id\":\"p\",\"ok\":true,\"result\":\"pong\"}", connection.last());
        session.received("{\"id\":3,\"action\":\"teleport\"}");
        assertTrue(connection.last().contains("\"code\":\"session.unknown-action\",\"message\":\"no action 'teleport'\""));
    }

    @Test
    void handlersAnswerAndTheirErrorsKeepTheirCodes() {
        pipeline.addHandler(handler(r -> Promises.resolved(new TextNode("done " + r.params().get("path").asText()))), List.of("set"));
        pipeline.addHandler(handler(r -> Promises.failed(new SwitchboardException("data.invalid-path", "bad path"))), List.of("get"));
        pipeline.addHandler(handler(r -> { throw new IllegalStateException("bug"); }), List.of("count"));
        ClientSession session = handshaken();
        session.received("{\"id\":4,\"action\":\"set\",\"path\":\"/a\"}");
        assertEquals("{\"id\":4,\"ok\":true,\"result\":\"done /a\"}", connection.last());
        session.received("{\"id\":5,\"action\":\"get\"}");
        assertEquals("{\"id\":5,\"ok\":false,\"error\":{\"code\":\"data.invalid-path\",\"message\":\"bad path\"}}", connection.last());
        session.received("{\"id\":6,\"action\":\"count\"}");
        assertTrue(connection.last().contains("\"code\":\"session.internal-error\""));
    }

    @Test
    void anUnexpectedFailureAnswersAReferenceAndNotTheJavaClass() {
        pipeline.addHandler(handler(r -> { throw new IllegalStateException("io.switchboard.secret.Internals broke"); }), List.of("count"));
        pipeline.addHandler(handler(r -> Promises.failed(new java.io.UncheckedIOException(new java.io.IOException("disk")))), List.of("get"));
        ClientSession session = handshaken();
        session.received("{\"id\":1,\"action\":\"count\"}");
        String thrown = connection.last();
        session.received("{\"id\":2,\"action\":\"get\"}");
        String failed = connection.last();
        for (String answer : List.of(thrown, failed)) {
            assertTrue(answer.matches(".*\"code\":\"session.internal-error\",\"message\":\"the request failed unexpectedly "
                    + "\\(reference e-[0-9a-f]{12}\\)\".*"), answer);
            assertFalse(answer.contains("Exception") || answer.contains("io.switchboard") || answer.contains("java."), answer);
        }
    }

    @Test
    void malformedFramesGetAnErrorAndTheSessionGoesOn() {
        ClientSession session = handshaken();
        session.received("{{{");
        assertTrue(connection.last().startsWith("{\"id\":null,\"ok\":false,\"error\":{\"code\":\"protocol.malformed\""));
        session.received("{\"id\":7,\"action\":\"ping\"}");
        assertEquals("{\"id\":7,\"ok\":true,\"result\":\"pong\"}", connection.last());
        assertTrue(session.isOpen());
    }

    @Test
    void layersRunInOrderInAndInReverseOut() {
        StringBuilder trace = new StringBuilder();
        pipeline.addLayer(new Layer() {
            @Override
            public Request inbound(Session s, Request r) {
                trace.append("in20 ");
                return r;
            }

            @Override
            public Outbound outbound(Session s, Outbound m) {
                trace.append("out20 ");
                return m;
            }
        }, 20);
        pipeline.addLayer(new Layer() {
            @Override
            public Request inbound(Session s, Request r) {
                trace.append("in10 ");
                if (r.params().has("forbidden")) {
                    throw new SwitchboardException("security.forbidden", "not for you");
                }
                return r;
            }

            @Override
            public Outbound outbound(Session s, Outbound m) {
                trace.append("out10 ");
                return m instanceof Outbound.Publication ? null : m;
            }
        }, 10);
        ClientSession session = handshaken();
        trace.setLength(0);
        session.received("{\"id\":8,\"action\":\"ping\"}");
        assertEquals("in10 in20 out20 out10 ", trace.toString());
        session.received("{\"id\":9,\"action\":\"ping\",\"forbidden\":true}");
        assertTrue(connection.last().contains("\"code\":\"security.forbidden\""));
        int before = connection.frames.size();
        session.publish("sub-1", JsonNodeFactory.instance.objectNode());
        assertEquals(before, connection.frames.size(), "a layer dropped the publication");
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAsASlowConsumer() {
        ClientSession session = handshaken();
        connection.stalled = true;
        for (int i = 0; i < 20 && session.isOpen(); i++) {
            session.publish("sub-1", JsonNodeFactory.instance.objectNode().put("n", i).put("pad", "x".repeat(40)));
        }
        assertFalse(session.isOpen());
        assertEquals(Session.CLOSE_SLOW_CONSUMER, connection.closeCode);
        assertTrue(ended.get());
    }

    @Test
    void orPublicationsAreDroppedAndCountedWhenThatIsThePolicy() {
        ClientSession session = session(new SessionSettings(1_000, 2, 5_000, 200, true, 0, 0));
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        connection.stalled = true;
        for (int i = 0; i < 20; i++) {
            session.publish("sub-1", JsonNodeFactory.instance.objectNode().put("pad", "x".repeat(40)));
        }
        assertTrue(session.isOpen());
        assertTrue(session.droppedPublications() > 0);
        assertNull(connection.closeCode);
    }

    @Test
    void unansweredHeartbeatsEndTheSessionAndAPongKeepsItAlive() {
        ClientSession session = handshaken();
        long start = System.nanoTime();
        long beat = Duration.ofMillis(SETTINGS.heartbeatMillis()).toNanos();
        session.tick(start + beat);
        session.tick(start + 2 * beat);
        assertEquals(2, connection.pings);
        session.pong();
        session.tick(start + 3 * beat);
        session.tick(start + 4 * beat);
        assertTrue(session.isOpen(), "the pong reset the count");
        session.tick(start + 5 * beat);
        assertFalse(session.isOpen());
        assertEquals(Session.CLOSE_HEARTBEAT_MISSED, connection.closeCode);
    }

    @Test
    void aConnectionThatNeverHandshakesIsClosed() {
        ClientSession session = session(SETTINGS);
        session.tick(System.nanoTime() + Duration.ofMillis(SETTINGS.handshakeMillis() + 1).toNanos());
        assertEquals(Session.CLOSE_NO_HANDSHAKE, connection.closeCode);
    }

    @Test
    void closeHooksRunOnceWhicheverSideEndsTheSession() {
        ClientSession session = handshaken();
        int[] runs = new int[1];
        session.onClose(() -> runs[0]++);
        session.closed(1000, "bye");
        session.close(1000, "again");
        session.onClose(() -> runs[0]++);
        assertEquals(2, runs[0], "the first hook once, and a hook added after the end runs at once");
    }

    @Test
    void aFloodIsAnsweredWithRateLimitedAndThenDisconnected() {
        ClientSession session = session(new SessionSettings(1_000, 2, 5_000, 1_000_000, false, 5, 5));
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        int limited = 0;
        for (int i = 1; i <= 9; i++) {
            session.received("{\"id\":" + i + ",\"action\":\"ping\"}");
            if (connection.last().contains("session.rate-limited")) {
                limited++;
            }
        }
        assertTrue(limited >= 4, "the burst of 5 (handshake included) passes, the rest is refused: " + limited);
        for (int i = 0; i < 10 && session.isOpen(); i++) {
            session.received("{\"id\":99,\"action\":\"ping\"}");
        }
        assertFalse(session.isOpen());
        assertEquals(Session.CLOSE_RATE_LIMITED, connection.closeCode);
    }

    @Test
    void anAnswerOnAnIdleSessionIsWrittenAtOnceOnTheReadingThread() {
        ClientSession session = handshaken();
        int before = connection.writes;
        session.received("{\"id\":1,\"action\":\"ping\"}");
        assertEquals(before + 1, connection.writes, "written and flushed before received() returned");
        assertEquals("{\"id\":1,\"ok\":true,\"result\":\"pong\"}", connection.last());
    }

    @Test
    void publicationsToAnIdleSessionAreWrittenOnThePublishersThreadAndItsRunOfThemIsOneWrite() {
        ClientSession session = handshakenWithHeldLane();
        int before = connection.writes;
        HeldFlushes.during(() -> { // a fan-out, or a read of pipelined requests each of which publishes
            for (int i = 0; i < 5; i++) {
                session.publish("sub-1", JsonNodeFactory.instance.objectNode().put("n", i));
            }
            assertEquals(before, connection.writes, "not sent before the publisher's run ends");
        });
        assertEquals(0, outboundLane.waiting(), "nothing left for the lane's thread");
        assertEquals(6, connection.frames.size(), "written on the publisher's thread");
        assertEquals(before + 1, connection.writes, "five publications, one socket write");
        assertEquals("{\"publication\":\"sub-1\",\"event\":{\"n\":4}}", connection.last());

        session.publish("sub-1", JsonNodeFactory.instance.objectNode().put("n", 5));
        assertEquals(before + 2, connection.writes, "a lone publication is sent at once");
    }

    @Test
    void aFanOutToManySubscribersLeavesThoseAfterTheFirstFewToTheOutboundThreads() {
        ClientSession session = handshakenWithHeldLane();
        HeldFlushes.during(() -> {
            for (int i = 0; i < ClientSession.INLINE_PUBLICATION_CONNECTIONS; i++) {
                Runnable otherSubscribersFlush = new Runnable() { // one object per connection, as a session keeps
                    @Override
                    public void run() {
                    }
                };
                HeldFlushes.now(otherSubscribersFlush); // the subscribers this thread has written to already
            }
            session.publish("sub-1", JsonNodeFactory.instance.objectNode().put("n", 1));
        });
        assertEquals(1, outboundLane.waiting(), "left to the outbound queue's threads");
        assertEquals(1, connection.frames.size(), "not written on the publisher's thread");
        outboundLane.runEnqueued();
        assertEquals("{\"publication\":\"sub-1\",\"event\":{\"n\":1}}", connection.last());
    }

    @Test
    void publicationsToABusySessionWaitForItsLaneInOrderAndLeaveInOneWrite() {
        ClientSession session = handshakenWithHeldLane();
        outboundLane.busy();
        for (int i = 0; i < 5; i++) {
            session.publish("sub-1", JsonNodeFactory.instance.objectNode().put("n", i));
        }
        assertEquals(1, connection.frames.size(), "nothing written past the lane's run");
        outboundLane.runEnqueued();
        assertEquals(6, connection.frames.size());
        assertEquals(2, connection.writes, "five publications, one socket write");
        assertEquals("{\"publication\":\"sub-1\",\"event\":{\"n\":4}}", connection.last());
    }

    @Test
    void aCloseIsWrittenAfterTheFramesAlreadyQueuedAndNothingAfterIt() {
        ClientSession session = handshakenWithHeldLane();
        outboundLane.busy(); // its thread writes a run: what follows is queued
        for (int i = 0; i < 3; i++) {
            session.publish("sub-1", JsonNodeFactory.instance.objectNode().put("n", i));
        }
        session.close(Session.CLOSE_ACCESS_ENDED, "token revoked");
        session.received("{\"id\":1,\"action\":\"ping\"}");
        assertFalse(session.isOpen(), "the session ends at once");
        assertNull(connection.closeCode, "the close waits behind the queued publications");

        outboundLane.runEnqueued();

        assertEquals(Session.CLOSE_ACCESS_ENDED, connection.closeCode);
        assertEquals(4, connection.framesBeforeClose, "the welcome and the three publications, then the close");
        assertEquals(4, connection.frames.size(), "nothing after the close");
    }
}
