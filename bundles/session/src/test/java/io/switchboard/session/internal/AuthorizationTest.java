package io.switchboard.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Request;
import io.switchboard.protocol.internal.SwitchboardJsonProtocol;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Authorizer;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/** Every request is authorised before its handler runs, and fails closed. */
class AuthorizationTest {

    private static final SessionSettings SETTINGS = new SessionSettings(1_000, 2, 5_000, 1_000_000, false, 0, 0);

    private final FakeConnection connection = new FakeConnection();
    private final Pipeline pipeline = new Pipeline();
    private final AtomicInteger ran = new AtomicInteger();
    private final List<Access> asked = new ArrayList<>();

    /** A handler of 'get' that needs 'get' on its path, which it reads as a required field. */
    private final ActionHandler get = new ActionHandler() {
        @Override
        public Access access(Session session, Request request) {
            if (!request.params().has("path")) {
                throw new SwitchboardException("protocol.missing-field", "'path' is missing");
            }
            return Access.permission("get", request.params().get("path").asText());
        }

        @Override
        public Promise<JsonNode> handle(Session session, Request request) {
            ran.incrementAndGet();
            return Promises.resolved(new TextNode("got"));
        }
    };

    /** A handler that says nothing about what its requests need. */
    private final ActionHandler silent = new ActionHandler() {
        @Override
        public Access access(Session session, Request request) {
            return null;
        }

        @Override
        public Promise<JsonNode> handle(Session session, Request request) {
            ran.incrementAndGet();
            return Promises.resolved(new TextNode("ran"));
        }
    };

    private final Authorizer onlyA = (session, request, access) -> {
        asked.add(access);
        if (!access.path().startsWith("/a/")) {
            throw new SwitchboardException("security.forbidden", "not there");
        }
    };

    private ClientSession session() {
        pipeline.addHandler(get, List.of("get"));
        pipeline.addHandler(silent, List.of("custom"));
        ClientSession session = new ClientSession("s1", connection, new SwitchboardJsonProtocol(), pipeline, SETTINGS,
                InlineLane.inbound(), InlineLane::new, () -> { });
        session.received("{\"id\":0,\"action\":\"handshake\"}");
        return session;
    }

    @Test
    void theAuthorizerDecidesWithWhatTheHandlerDeclared() {
        pipeline.authorizer(onlyA);
        ClientSession session = session();
        session.received("{\"id\":1,\"action\":\"get\",\"path\":\"/a/1\"}");
        assertEquals("{\"id\":1,\"ok\":true,\"result\":\"got\"}", connection.last());
        session.received("{\"id\":2,\"action\":\"get\",\"path\":\"/b/1\"}");
        assertTrue(connection.last().contains("\"code\":\"security.forbidden\""), connection.last());
        assertEquals(1, ran.get(), "the refused request never ran");
        assertEquals(List.of(Access.permission("get", "/a/1"), Access.permission("get", "/b/1")), asked);
    }

    @Test
    void aFieldErrorComesBeforeAnySecurityRefusal() {
        pipeline.authorizer((session, request, access) -> {
            throw new SwitchboardException("security.unauthenticated", "log in first");
        });
        ClientSession session = session();
        session.received("{\"id\":1,\"action\":\"get\"}");
        assertTrue(connection.last().contains("\"code\":\"protocol.missing-field\""), connection.last());
    }

    @Test
    void aHandlerThatDeclaresNothingIsRefused() {
        pipeline.authorizer((session, request, access) -> { });
        ClientSession session = session();
        session.received("{\"id\":1,\"action\":\"custom\"}");
        assertTrue(connection.last().contains("\"code\":\"security.forbidden\""), connection.last());
        assertEquals(0, ran.get());
    }

    @Test
    void withoutAnAuthorizerNothingButPingRuns() {
        ClientSession session = session();
        session.received("{\"id\":1,\"action\":\"get\",\"path\":\"/a/1\"}");
        assertTrue(connection.last().contains("\"code\":\"security.unavailable\""), connection.last());
        session.received("{\"id\":2,\"action\":\"teleport\"}");
        assertTrue(connection.last().contains("\"code\":\"security.unavailable\""), connection.last());
        session.received("{\"id\":3,\"action\":\"ping\"}");
        assertEquals("{\"id\":3,\"ok\":true,\"result\":\"pong\"}", connection.last());
        assertEquals(0, ran.get());

        pipeline.authorizer(onlyA);
        session.received("{\"id\":4,\"action\":\"get\",\"path\":\"/a/1\"}");
        assertEquals("{\"id\":4,\"ok\":true,\"result\":\"got\"}", connection.last(), "an authorizer that comes lets requests run again");
        pipeline.authorizerGone((s, r, a) -> { });
        session.received("{\"id\":5,\"action\":\"get\",\"path\":\"/a/1\"}");
        assertEquals("{\"id\":5,\"ok\":true,\"result\":\"got\"}", connection.last(), "another authorizer's going leaves the current one");
        pipeline.authorizerGone(onlyA);
        session.received("{\"id\":6,\"action\":\"get\",\"path\":\"/a/1\"}");
        assertTrue(connection.last().contains("\"code\":\"security.unavailable\""), connection.last());
    }
}
