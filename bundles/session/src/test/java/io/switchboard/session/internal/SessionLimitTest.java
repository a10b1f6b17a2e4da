package io.switchboard.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.protocol.internal.SwitchboardJsonProtocol;
import io.switchboard.queue.internal.QueueServiceImpl;
import io.switchboard.session.Session;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.session.SessionRefusedException;

/** At most {@code maxSessions} sessions are open at once; one more connection is refused with a close the client can read. */
class SessionLimitTest {

    private final SessionManagerImpl manager = new SessionManagerImpl(new QueueServiceImpl(config(QueueServiceImpl.Config.class, Map.of())),
            config(SessionManagerImpl.Config.class, Map.of("maxSessions", 2)));

    SessionLimitTest() {
        manager.addProtocol(new SwitchboardJsonProtocol());
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    @Test
    void oneSessionOverTheLimitIsRefusedWithTryAgainLater() {
        manager.open(new FakeConnection(), "switchboard.v1");
        manager.open(new FakeConnection(), "switchboard.v1");

        SessionRefusedException refused = assertThrows(SessionRefusedException.class, () -> manager.open(new FakeConnection(), "switchboard.v1"));

        assertEquals(Session.CLOSE_TRY_AGAIN_LATER, refused.closeCode());
        assertEquals(1013, refused.closeCode());
        assertEquals("the server has 2 sessions open, its limit; try again later", refused.getMessage());
        assertTrue(refused.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123, "fits a close frame's reason");
        assertEquals(2, manager.sessions().size());
    }

    @Test
    void aSessionThatEndsGivesItsPlaceBack() {
        SessionEndpoint first = manager.open(new FakeConnection(), "switchboard.v1");
        manager.open(new FakeConnection(), "switchboard.v1");
        first.closed(1000, "bye");
        first.closed(1000, "bye again"); // an end reported twice gives one place back

        manager.open(new FakeConnection(), "switchboard.v1");

        assertThrows(SessionRefusedException.class, () -> manager.open(new FakeConnection(), "switchboard.v1"));
    }

    @Test
    void theLimitLeavesFileDescriptorsForEverythingElse() {
        assertEquals(18_976, SessionLimit.effective(20_000, 20_000));
        assertEquals(20_000, SessionLimit.effective(20_000, -1));
        assertEquals(20_000, SessionLimit.effective(20_000, 1_048_576));
        assertEquals(500, SessionLimit.effective(20_000, 1_000), "a small limit keeps half for sessions, not one");
        assertEquals(512, SessionLimit.effective(20_000, 1_024));
        assertEquals(1, SessionLimit.effective(20_000, 2));
        assertEquals(18_976, SessionLimit.effective(0, 20_000), "0: no limit of its own, the file descriptors' still");
        assertEquals(Integer.MAX_VALUE, SessionLimit.effective(-1, -1));
    }

    /** Found with bench/edge-conns.sh: at 15,000 subscribers the outbound queue (then 10,000) refused 954 frames of one publication. */
    @Test
    void aPublicationToEverySessionFitsTheOutboundQueueByDefault() {
        QueueServiceImpl queues = new QueueServiceImpl(config(QueueServiceImpl.Config.class, Map.of()));
        int outbound = queues.queue(io.switchboard.queue.QueueService.OUTBOUND).stats().capacity();
        int maxSessions = config(SessionManagerImpl.Config.class, Map.of()).maxSessions();

        assertTrue(SessionLimit.broadcastFits(outbound, maxSessions), outbound + " places for " + maxSessions + " sessions");
        assertTrue(!SessionLimit.broadcastFits(10_000, 15_000));
    }

    /** An instance of a configuration annotation: its defaults, with some values set. */
    @SuppressWarnings("unchecked")
    static <A> A config(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }
}
