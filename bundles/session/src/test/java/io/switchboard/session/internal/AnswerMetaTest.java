package io.switchboard.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.protocol.Request;
import io.switchboard.protocol.internal.SwitchboardJsonProtocol;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Answer;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/** A handler that answers with facts beside its result: the client gets them as the answer frame's {@code meta}. */
class AnswerMetaTest {

    private static final SessionSettings SETTINGS = new SessionSettings(1_000, 2, 5_000, 200, false, 0, 0);

    private final FakeConnection connection = new FakeConnection();
    private final Pipeline pipeline = new Pipeline();

    AnswerMetaTest() {
        pipeline.authorizer((session, request, access) -> { });
    }

    @Test
    void aHandlersMetaReachesTheClientBesideTheResult() {
        pipeline.addHandler(new ActionHandler() {
            @Override
            public Access access(Session session, Request request) {
                return Access.login();
            }

            @Override
            public Promise<JsonNode> handle(Session session, Request request) {
                throw new AssertionError("the session asks for the answer with its meta");
            }

            @Override
            public Promise<Answer> answer(Session session, Request request) {
                return Promises.resolved(Answer.of(new TextNode("pong"), "node", "node-2"));
            }
        }, List.of("call"));
        handshaken().received("{\"id\":4,\"action\":\"call\"}");
        assertEquals("{\"id\":4,\"ok\":true,\"result\":\"pong\",\"meta\":{\"node\":\"node-2\"}}", connection.last());
    }

    @Test
    void aHandlerWithoutMetaAnswersAsBefore() {
        pipeline.addHandler(new ActionHandler() {
            @Override
            public Access access(Session session, Request request) {
                return Access.login();
            }

            @Override
            public Promise<JsonNode> handle(Session session, Request request) {
                return Promises.resolved(null);
            }
        }, List.of("get"));
        handshaken().received("{\"id\":5,\"action\":\"get\"}");
        assertEquals("{\"id\":5,\"ok\":true,\"result\":null}", connection.last());
    }

    private ClientSession handshaken() {
        ClientSession session = new ClientSession("s1", connection, new SwitchboardJsonProtocol(), pipeline, SETTINGS,
                InlineLane.inbound(), InlineLane::new, () -> { });
        session.received("{\"id\":0,\"action\":\"handshake\",\"client\":\"test\"}");
        return session;
    }
}
