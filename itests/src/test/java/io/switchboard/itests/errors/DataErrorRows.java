package io.switchboard.itests.errors;

import static io.switchboard.itests.support.WireClient.object;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.WireClient;

/**
 * The rows of {@link DocumentedErrorCodesTest} for the protocol, session, queue and data codes
 * (over WebSocket and over {@code /api/data}): each provokes its code as a client would, with raw
 * frames or raw HTTP. The HTTP server's own {@code http.*} codes belong to its rows file.
 */
final class DataErrorRows {

    /** Code prefixes these rows cover completely: every documented code with one has a row or an exemption. */
    static final List<String> PREFIXES = List.of("protocol.", "session.", "queue.", "data.");

    /**
     * A document whose {@code s} makes {@code (?:.{1000}){5}q} cost seconds, linear as it is: far past the
     * test's 200 ms limit (and under 64 KiB, so that each answer is one WebSocket frame).
     */
    private static final String SLOW_PATH = "/errors/slow/v";
    private static final String SLOW_CRITERIA = "{\"s\":{\"$regex\":\"(?:.{1000}){5}q\"}}";

    static final List<ErrorRow> ROWS = List.of(
            new ErrorRow("protocol.malformed", "a frame that is not JSON", env -> frame(env, "{nope")),
            new ErrorRow("protocol.too-deep", "a frame nested 1000 deep",
                    env -> frame(env, "{\"id\":1,\"action\":\"set\",\"path\":\"/errors/a\",\"data\":" + "[".repeat(1000) + "]".repeat(1000) + "}")),
            new ErrorRow("protocol.missing-field", "get without a path", env -> call(env, "get", object())),
            new ErrorRow("protocol.wrong-type", "get with a number for a path", env -> call(env, "get", object().put("path", 5))),
            new ErrorRow("session.no-handshake", "a request before the handshake", env -> {
                RawWebSocket ws = env.rawUnopened();
                ws.sendText("{\"id\":1,\"action\":\"ping\"}");
                return env.codeOf(ws.readText());
            }),
            new ErrorRow("session.unknown-action", "an action nobody serves", env -> call(env, "teleport", object())),
            // 300 at once against a burst of 100: past 50 refusals in a row the session is closed (4029),
            // and the close comes after the refusals already queued (CloseAfterQueuedFramesTest)
            new ErrorRow("session.rate-limited", "300 pings at once, over the burst of 100 and the limit of 50 a second", env -> {
                RawWebSocket ws = env.raw(env.adminToken());
                List<String> pings = new java.util.ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    pings.add("{\"id\":" + (100 + i) + ",\"action\":\"ping\"}");
                }
                ws.sendTexts(pings);
                for (int i = 0; i < 300; i++) {
                    RawWebSocket.Frame frame = ws.readAnswering();
                    if (frame.opcode() != RawWebSocket.TEXT) {
                        break;
                    }
                    if (frame.text().contains("session.rate-limited")) {
                        return "session.rate-limited";
                    }
                }
                return "none";
            }),
            new ErrorRow("queue.full", "pings behind two slow queries, with room for two requests", env -> {
                slowDocument(env);
                RawWebSocket ws = env.raw(env.adminToken());
                String slow = request(1, "get", get("/errors/slow/*", SLOW_CRITERIA));
                List<String> frames = new java.util.ArrayList<>(List.of(slow, slow));
                for (int id = 2; id <= 6; id++) {
                    frames.add("{\"id\":" + id + ",\"action\":\"ping\"}");
                }
                // several pings, not one: the test does not depend on all the frames reaching the server in one read
                ws.sendTexts(frames);
                String refused = null;
                for (int i = 0; i < frames.size(); i++) {
                    String frame = ws.readText();
                    if (WireClient.json(frame).path("id").asInt() >= 2 && frame.contains("\"error\"")) {
                        refused = frame;
                    }
                }
                return refused == null ? "none" : env.codeOf(refused);
            }),
            new ErrorRow("data.invalid-path", "get a path without its leading slash", env -> call(env, "get", object().put("path", "a/b"))),
            new ErrorRow("data.path-too-long", "get a path of 200 segments", env -> call(env, "get", object().put("path", "/a".repeat(200)))),
            new ErrorRow("data.wildcard-in-path", "set on a pattern", env -> call(env, "set", set("/errors/*", "{}"))),
            new ErrorRow("data.invalid-pattern", "a wildcard inside a segment", env -> call(env, "get", object().put("path", "/errors/b*"))),
            new ErrorRow("data.invalid-option", "on with depth -1", env -> call(env, "on", options("/errors/**", "{\"depth\":-1}"))),
            new ErrorRow("data.too-many-subscriptions", "a fourth subscription, over the limit of three a session", env -> {
                WireClient client = env.client(env.adminToken());
                for (int i = 1; i <= 3; i++) {
                    client.call("on", object().put("path", "/errors/many/" + i));
                }
                return env.codeOf(client.call("on", object().put("path", "/errors/many/4")).toString());
            }),
            new ErrorRow("data.invalid-criteria", "$in with a number", env -> call(env, "get", get("/errors/*", "{\"a\":{\"$in\":1}}"))),
            new ErrorRow("data.unknown-operator", "$near", env -> call(env, "get", get("/errors/*", "{\"a\":{\"$near\":1}}"))),
            new ErrorRow("data.invalid-regex", "a backreference", env -> call(env, "get", get("/errors/*", "{\"a\":{\"$regex\":\"(a)\\\\1\"}}"))),
            new ErrorRow("data.invalid-query", "sort by 2", env -> call(env, "get", options("/errors/*", "{\"sort\":{\"a\":2}}"))),
            new ErrorRow("data.query-timeout", "a query that takes seconds", env -> {
                slowDocument(env);
                return call(env, "get", get("/errors/slow/*", SLOW_CRITERIA));
            }),
            new ErrorRow("data.not-json", "PUT a body that is not JSON", env -> http(env, "PUT", "/api/data/errors/nj", "{nope")),
            new ErrorRow("data.too-deep", "PUT a body nested 100 deep", env -> http(env, "PUT", "/api/data/errors/deep", "[".repeat(100) + "]".repeat(100))),
            new ErrorRow("data.not-a-number", "increment a string", env -> {
                call(env, "set", set("/errors/nan", "{\"n\":\"x\"}"));
                return call(env, "increment", object().put("path", "/errors/nan").put("field", "n"));
            }),
            new ErrorRow("data.too-large", "PUT a body over max.body.bytes", env -> http(env, "PUT", "/api/data/errors/big", "{\"s\":\"" + "x".repeat(70_000) + "\"}")),
            new ErrorRow("data.not-found", "GET a path with nothing stored", env -> http(env, "GET", "/api/data/errors/none", null)));

    static final List<ErrorRow.Exempt> EXEMPT = List.of(
            new ErrorRow.Exempt("session.internal-error", "the server failing unexpectedly is a bug no request provokes; "
                    + "ClientSessionTest checks how it is answered"),
            new ErrorRow.Exempt("data.store-failed", "a failing storage provider: DataServiceTest.aFailingProviderIsStoreFailedAndTheMessageNamesNoJavaClass"),
            new ErrorRow.Exempt("data.store-unavailable", "a shared store that goes away: PostgresStoreTest (the distribution on a"
                    + " real PostgreSQL server that is stopped under load) and OutageTest in data-postgres"),
            new ErrorRow.Exempt("data.no-provider", "a runtime always has the memory provider for /**: DataServiceTest.noProviderForAPathIsAnError"));

    private DataErrorRows() {
    }

    private static String frame(ErrorRow.Env env, String frame) {
        RawWebSocket ws = env.raw(env.adminToken());
        ws.sendText(frame);
        return env.codeOf(ws.readText());
    }

    private static String call(ErrorRow.Env env, String action, ObjectNode params) {
        return env.codeOf(env.client(env.adminToken()).call(action, params).toString());
    }

    private static String http(ErrorRow.Env env, String method, String path, String body) {
        return env.codeOf(env.http(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), env.adminToken()).body());
    }

    private static String request(int id, String action, ObjectNode params) {
        ObjectNode request = params.deepCopy();
        request.put("id", id).put("action", action);
        return request.toString();
    }

    private static ObjectNode set(String path, String data) {
        ObjectNode request = object().put("path", path);
        request.set("data", WireClient.json(data));
        return request;
    }

    private static ObjectNode options(String path, String options) {
        ObjectNode request = object().put("path", path);
        request.set("options", WireClient.json(options));
        return request;
    }

    private static ObjectNode get(String path, String criteria) {
        return options(path, "{\"criteria\":" + criteria + "}");
    }

    private static void slowDocument(ErrorRow.Env env) {
        env.client(env.adminToken()).ok("set", set(SLOW_PATH, "{\"s\":\"" + "x".repeat(50_000) + "\"}"));
    }
}
