package io.switchboard.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.protocol.Request;
import io.switchboard.protocol.internal.SwitchboardJsonProtocol;
import io.switchboard.queue.Lane;
import io.switchboard.queue.Lanes;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * The session's inbound lane, the queue bundle's direct lane: a request whose handler does not block
 * runs on the thread that read it while the session is idle; a handler that may block, or a busy
 * session, hands off to the lane's threads, in order; a full lane refuses by its policy and counts it.
 * Where each request ran is what its handler records.
 */
class InboundLaneTest {

    private static final SessionSettings SETTINGS = new SessionSettings(1_000, 2, 5_000, 200, false, 0, 0);

    private final ExecutorService laneThreads = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "inbound-test"));
    private final FakeConnection connection = new FakeConnection();
    private final Pipeline pipeline = new Pipeline();
    /** The thread each request ran on, by the request's id. */
    private final Map<String, Thread> ranOn = new ConcurrentHashMap<>();
    private final CountDownLatch releaseSet = new CountDownLatch(1);
    private final CountDownLatch setRunning = new CountDownLatch(1);

    InboundLaneTest() {
        pipeline.authorizer((session, request, access) -> { });
        pipeline.addHandler(handler(false, request -> Promises.resolved(new TextNode("got"))), List.of("get"));
        // a component's method: does not block on a store, may hold its thread
        pipeline.addHandler(handler(false, true, request -> Promises.resolved(new TextNode("called"))), List.of("call"));
        pipeline.addHandler(handler(true, request -> {
            setRunning.countDown();
            await(releaseSet); // a handler that waits, as a store's commit does
            return Promises.resolved(new TextNode("set"));
        }), List.of("set"));
    }

    @AfterEach
    void stop() {
        releaseSet.countDown();
        laneThreads.shutdownNow();
    }

    private ActionHandler handler(boolean mayBlock, java.util.function.Function<Request, Promise<JsonNode>> handle) {
        return handler(mayBlock, false, handle);
    }

    private ActionHandler handler(boolean mayBlock, boolean mayHoldReader, java.util.function.Function<Request, Promise<JsonNode>> handle) {
        return new ActionHandler() {
            @Override
            public Access access(Session session, Request request) {
                return Access.login();
            }

            @Override
            public Promise<JsonNode> handle(Session session, Request request) {
                ranOn.put(request.id().asText(), Thread.currentThread());
                return handle.apply(request);
            }

            @Override
            public boolean mayBlock(Session session, Request request) {
                return mayBlock;
            }

            @Override
            public boolean mayHoldReader(Session session, Request request) {
                return mayHoldReader;
            }
        };
    }

    private ClientSession session(Lane inbound) {
        ClientSession session = new ClientSession("s1", connection, new SwitchboardJsonProtocol(), pipeline, SETTINGS,
                inbound, InlineLane::new, () -> { });
        session.received("{\"id\":\"h\",\"action\":\"handshake\"}");
        return session;
    }

    private Lane directLane(int capacity) {
        return Lanes.direct("inbound", laneThreads, capacity, OverflowPolicy.REJECT);
    }

    @Test
    void aRequestOnAnIdleSessionRunsOnTheThreadThatReadIt() {
        ClientSession session = session(directLane(100));
        session.received("{\"id\":\"1\",\"action\":\"get\"}");
        assertSame(Thread.currentThread(), ranOn.get("1"), "no hand-off: the handler ran on the reading thread");
        assertEquals("{\"id\":\"1\",\"ok\":true,\"result\":\"got\"}", connection.last(), "answered before received() returned");
    }

    @Test
    void aHandlerThatMayBlockRunsOnTheLanesThreadsAndTheReaderGoesOn() throws InterruptedException {
        ClientSession session = session(directLane(100));
        session.received("{\"id\":\"1\",\"action\":\"set\"}");
        assertTrue(setRunning.await(5, TimeUnit.SECONDS));
        assertEquals("inbound-test", ranOn.get("1").getName());
        releaseSet.countDown();
        awaitFrames(2);
        assertEquals("{\"id\":\"1\",\"ok\":true,\"result\":\"set\"}", connection.last());
    }

    @Test
    void aBusySessionHandsOffAndKeepsItsOrder() throws InterruptedException {
        ClientSession session = session(directLane(100));
        session.received("{\"id\":\"1\",\"action\":\"set\"}");
        assertTrue(setRunning.await(5, TimeUnit.SECONDS));
        for (int i = 2; i <= 5; i++) {
            session.received("{\"id\":\"" + i + "\",\"action\":\"get\"}");
        }
        assertEquals(1, connection.frames.size(), "the gets wait behind the set: only the welcome so far");
        releaseSet.countDown();
        awaitFrames(6);
        List<String> ids = new ArrayList<>();
        for (String frame : connection.frames.subList(1, 6)) {
            ids.add(frame.substring(frame.indexOf("\"id\":\"") + 6, frame.indexOf("\",")));
        }
        assertEquals(List.of("1", "2", "3", "4", "5"), ids, "answered in the order sent");
        for (int i = 2; i <= 5; i++) {
            assertNotSame(Thread.currentThread(), ranOn.get(String.valueOf(i)), "the busy session handed request " + i + " off");
        }
    }

    @Test
    void aRequestThatMayHoldItsReaderRunsOnAReaderOfItsOwn() {
        ClientSession session = session(directLane(100));
        session.received("{\"id\":\"1\",\"action\":\"call\"}");
        assertSame(Thread.currentThread(), ranOn.get("1"), "the reading thread reads this session alone: the call runs on it");
        assertTrue(connection.handedOff.isEmpty());
        assertEquals("{\"id\":\"1\",\"ok\":true,\"result\":\"called\"}", connection.last());
    }

    @Test
    void onAReaderOfManyConnectionsItMovesToTheTransportsThreadsAndAGetStaysHere() throws InterruptedException {
        connection.sharedReader = true;
        ClientSession session = session(directLane(100));
        session.received("{\"id\":\"1\",\"action\":\"get\"}");
        assertSame(Thread.currentThread(), ranOn.get("1"), "a request that never waits runs on the shared reader");
        session.received("{\"id\":\"2\",\"action\":\"call\"}");
        assertEquals(null, ranOn.get("2"), "not run on the shared reader");
        assertEquals(1, connection.handedOff.size(), "handed to the transport");
        Thread transportThread = new Thread(connection.handedOff.get(0), "transport-test");
        connection.sharedReader = false; // as on the transport's pool thread
        transportThread.start();
        transportThread.join(5_000);
        assertSame(transportThread, ranOn.get("2"), "ran on the transport's thread");
        assertEquals("{\"id\":\"2\",\"ok\":true,\"result\":\"called\"}", connection.last());
    }

    @Test
    void whenTheTransportCannotTakeItTheInboundLaneDoes() {
        connection.sharedReader = true;
        connection.handOffRefused = true;
        ClientSession session = session(directLane(100));
        session.received("{\"id\":\"1\",\"action\":\"call\"}");
        awaitFrames(2);
        assertEquals("inbound-test", ranOn.get("1").getName(), "queued as a blocking request is");
        assertEquals("{\"id\":\"1\",\"ok\":true,\"result\":\"called\"}", connection.last());
    }

    @Test
    void aFullInboundLaneRefusesWithQueueFullAndCountsIt() throws InterruptedException {
        Lane lane = directLane(2);
        ClientSession session = session(lane);
        session.received("{\"id\":\"1\",\"action\":\"set\"}");
        assertTrue(setRunning.await(5, TimeUnit.SECONDS));
        session.received("{\"id\":\"2\",\"action\":\"get\"}");
        session.received("{\"id\":\"3\",\"action\":\"get\"}");
        assertEquals("{\"id\":\"3\",\"ok\":false,\"error\":{\"code\":\"queue.full\",\"message\":\"the inbound queue is full (2 tasks waiting); "
                + "try again later\"}}", connection.last());
        assertEquals(1, lane.stats().rejected());
        releaseSet.countDown();
        awaitFrames(4); // the welcome, the refusal, then the set's and the get's answers
        assertEquals("{\"id\":\"2\",\"ok\":true,\"result\":\"got\"}", connection.last(), "what the lane took still ran");
    }

    @Test
    void anEndedSessionsCleanupRunsOnTheCleanupExecutorNotTheClosingThread() {
        List<Runnable> cleanups = new ArrayList<>();
        AtomicBoolean left = new AtomicBoolean();
        ClientSession session = new ClientSession("s1", connection, new SwitchboardJsonProtocol(), pipeline, SETTINGS,
                InlineLane.inbound(), InlineLane::new, () -> left.set(true), () -> SessionMeters.NONE, cleanups::add);
        int[] hooks = new int[1];
        session.onClose(() -> hooks[0]++);
        session.closed(1000, "bye");
        assertTrue(left.get(), "the session left the open sessions at once");
        assertEquals(0, hooks[0], "its cleanup waits for the cleanup executor");
        assertEquals(1, cleanups.size());
        cleanups.get(0).run();
        session.close(1000, "again");
        assertEquals(1, hooks[0], "once");
        assertEquals(1, cleanups.size(), "one cleanup per session");
    }

    private void awaitFrames(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (connection.frames.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(count, connection.frames.size(), String.valueOf(connection.frames));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
